import { readFile } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import { AudienceReportSchema, MetricsSchema, type AudienceReport, type Metrics } from '../inputs/domain';
import { FailureType } from './failures';

/** Where scheduled reports read their data: a JSON file path or an http(s) URL. */
export interface ReportSources {
  metricsSource: string;
  audiencesSource: string;
}

const isUrl = (source: string) => /^https?:\/\//i.test(source);

/** A source as shown in errors and logs: URLs without query or credentials (they may carry API keys). */
export function describeSource(source: string): string {
  if (!isUrl(source)) return source;
  const url = new URL(source);
  return `${url.origin}${url.pathname}`;
}

function invalidSource(variable: string, source: string, problem: string): ApplicationFailure {
  return ApplicationFailure.create({
    type: FailureType.InvalidSource,
    message: `${variable} (${describeSource(source)}): ${problem}`,
    nonRetryable: true,
  });
}

async function readJson(variable: string, source: string, query: Record<string, string> = {}): Promise<unknown> {
  let text: string;
  if (isUrl(source)) {
    const url = new URL(source);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await fetch(url, { signal: AbortSignal.timeout(20_000), headers: { accept: 'application/json' } });
    } catch (error) {
      // Network trouble may pass: retryable.
      throw ApplicationFailure.create({
        type: 'ReportSourceUnreachable',
        message: `${variable} (${describeSource(source)}): ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    text = await response.text();
    if (response.status >= 500 || response.status === 429) {
      throw ApplicationFailure.create({
        type: 'ReportSourceUnreachable',
        message: `${variable} (${describeSource(source)}) answered ${response.status}`,
      });
    }
    if (!response.ok) throw invalidSource(variable, source, `answered ${response.status} ${response.statusText}`);
  } else {
    try {
      text = await readFile(source, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw invalidSource(variable, source, code === 'ENOENT' ? 'file not found' : `cannot read the file (${code})`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw invalidSource(variable, source, `not valid JSON (${(error as Error).message})`);
  }
}

function problems(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** The seed's snake_case keys (`total_spend`, `audience_name`, ...) are accepted next to camelCase ones. */
const camelKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key === 'audience_name' ? 'name' : key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      camelKeys(inner),
    ]),
  );
};

const DatedMetricsSchema = z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.unknown());
const AudienceSourceSchema = z.union([
  AudienceReportSchema,
  z.array(z.unknown()).transform((audiences) => ({ audiences })),
]);

/** The report-data activities; a missing or malformed source fails at once, naming the source. */
export function createReportSourceActivities(sources: ReportSources) {
  return {
    /**
     * One day's metrics: the source is either one metrics object (used for any date) or an object keyed by
     * `YYYY-MM-DD`. A URL gets `?date=YYYY-MM-DD`.
     */
    async loadMetrics({ date }: { date: string }): Promise<Metrics> {
      const raw = camelKeys(await readJson('METRICS_SOURCE', sources.metricsSource, { date }));
      const dated = DatedMetricsSchema.safeParse(raw);
      const candidate = dated.success && Object.keys(dated.data).length > 0 ? dated.data[date] : raw;
      if (candidate === undefined)
        throw invalidSource('METRICS_SOURCE', sources.metricsSource, `no metrics for ${date}`);
      const metrics = MetricsSchema.safeParse(candidate);
      if (!metrics.success) throw invalidSource('METRICS_SOURCE', sources.metricsSource, problems(metrics.error));
      return metrics.data;
    },

    /** The audiences: `{ audiences: [...], totalVisitors? }` or a plain array of audiences. */
    async loadAudiences(): Promise<AudienceReport> {
      const raw = camelKeys(await readJson('AUDIENCES_SOURCE', sources.audiencesSource));
      const parsed = AudienceSourceSchema.safeParse(raw);
      if (!parsed.success) throw invalidSource('AUDIENCES_SOURCE', sources.audiencesSource, problems(parsed.error));
      const report = AudienceReportSchema.safeParse(parsed.data);
      if (!report.success) throw invalidSource('AUDIENCES_SOURCE', sources.audiencesSource, problems(report.error));
      return report.data;
    },
  };
}
