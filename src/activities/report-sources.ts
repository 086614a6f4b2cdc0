// The report-data activities: one day's metrics and audiences from METRICS_SOURCE / AUDIENCES_SOURCE, keyed by date,
// or the labelled sample data in the local demo. A source that is missing or malformed fails at once, naming it.
import { log } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { z } from 'zod';
import type { ReportSourceConfig } from '../config-reports';
import { AudienceReportSchema, MetricsSchema, type AudienceReport, type Metrics } from '../inputs/domain';
import { invalidSource, readSource } from './report-source-read';
import { SAMPLE_AUDIENCES, SAMPLE_METRICS } from './sample-report-data';
import { formatIssues } from '../vocabulary';

/** What the activities need from the configuration (`config.reports`). */
export interface ReportSources {
  metrics: ReportSourceConfig;
  audiences: ReportSourceConfig;
  sourceTimeoutMs: number;
  localDemo: boolean;
}

/** One day's metrics, and whether they are the sample (local demo only). */
export interface LoadedMetrics {
  metrics: Metrics;
  sample: boolean;
}

/** The daily metrics of a span of dates (keyed by date; a date without data is absent), and whether they are the sample. */
export interface LoadedWeekMetrics {
  daily: Record<string, Metrics>;
  sample: boolean;
}

/**
 * At most this many date requests to a URL source at once, so a weekly report does not flood it: after the first
 * request, the other 13 days take two rounds (three request timeouts at most, within the activity's two minutes).
 */
export const URL_SOURCE_CONCURRENCY = 7;

/** The `YYYY-MM-DD` dates from `startDate` to `endDate`, both included. */
function datesFrom(startDate: string, endDate: string): string[] {
  const dates: string[] = [];
  for (let day = new Date(`${startDate}T00:00:00Z`); ; day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10);
    if (date > endDate) return dates;
    dates.push(date);
  }
}

/** The audiences for one day, and whether they are the sample (local demo only). */
export interface LoadedAudiences extends AudienceReport {
  sample: boolean;
}

const DATE_KEY = /^\d{4}-\d{2}-\d{2}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The seed's snake_case keys (`total_spend`, `audience_name`, ...) are accepted next to camelCase ones. */
function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key === 'audience_name' ? 'name' : key.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()),
      camelKeys(inner),
    ]),
  );
}

/**
 * The entry for `date`: from a map keyed by `YYYY-MM-DD`; from one object that names its `date`; from a URL's answer
 * to `?date=`; or, only with `<VARIABLE>_UNDATED=true`, from a file's one undated object. Anything else is refused,
 * so a weekly or scheduled report can never post the same figures for every day.
 */
function entryFor(source: ReportSourceConfig, raw: unknown, date: string, fromUrl: boolean): unknown {
  if (isObject(raw)) {
    const keys = Object.keys(raw);
    if (keys.length > 0 && keys.every((key) => DATE_KEY.test(key))) {
      if (raw[date] !== undefined) return raw[date];
      const sorted = keys.sort();
      throw invalidSource(
        source,
        `no entry for ${date} (it has ${sorted[0]}${sorted.length > 1 ? ` … ${sorted.at(-1)}` : ''})`,
      );
    }
    if ('date' in raw) {
      const { date: own, ...rest } = raw;
      if (own !== date) throw invalidSource(source, `holds data for ${String(own)}, not for ${date}`);
      return rest;
    }
  }
  if (fromUrl || source.undated) return raw;
  throw invalidSource(
    source,
    `holds one undated ${Array.isArray(raw) ? 'list' : 'object'}; key it by date ({"${date}": ...}), give it ` +
      `"date": "${date}", or set ${source.variable}_UNDATED=true to use it for every date`,
  );
}

function problems(error: z.ZodError): string {
  return formatIssues(error.issues).join('; ');
}

const AudienceSourceSchema = z.union([
  AudienceReportSchema,
  z.array(z.unknown()).transform((audiences) => ({ audiences })),
]);

/** Fails the report when the source is unset outside the local demo: no invented figures ever reach Discord. */
function notConfigured(source: ReportSourceConfig, what: string): never {
  throw invalidSource(
    source,
    `is not set, so there are no ${what} to report. Set it to a JSON file or an http(s) URL (README: "Report data"). ` +
      'Sample data is used only in the local demo, where every webhook points at a DISCORD_ALLOWED_HOSTS host (the emulator).',
  );
}

/** Says in the worker's log that the local demo reports sample data for an unset source. */
function useSample(source: ReportSourceConfig): void {
  log.info(`${source.variable} is not set: the local demo reports sample data, labelled as such`);
}

/** The dates from `startDate` to `endDate`; a span of other than 1 to 31 days fails the run. */
function spanDates(startDate: string, endDate: string): string[] {
  const dates = datesFrom(startDate, endDate);
  if (dates.length === 0 || dates.length > 31) {
    throw ApplicationFailure.create({
      type: 'InvalidInput',
      message: `loadWeekMetrics: ${startDate} … ${endDate} is not a span of 1 to 31 days`,
      nonRetryable: true,
    });
  }
  return dates;
}

const isDateMap = (value: unknown): value is Record<string, unknown> =>
  isObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => DATE_KEY.test(key));

/**
 * The raw entries of `dates` (the last one is `endDate`) from a source keyed by date. A file is read once; a URL is
 * asked for `endDate` first and, unless it answers a map keyed by date, then for each further date.
 */
async function readDays(source: ReportSourceConfig, dates: string[], timeoutMs: number): Promise<Map<string, unknown>> {
  const endDate = dates[dates.length - 1]!;
  const raw = new Map<string, unknown>();
  const take = (value: unknown, asked?: string) => {
    if (value === undefined) return;
    if (isDateMap(value)) {
      for (const date of dates) if (value[date] !== undefined) raw.set(date, value[date]);
    } else if (isObject(value) && 'date' in value) {
      const { date, ...rest } = value;
      if (asked !== undefined && date !== asked)
        throw invalidSource(source, `holds data for ${String(date)}, not for ${asked}`);
      if (typeof date === 'string' && dates.includes(date)) raw.set(date, rest);
    } else if (asked !== undefined) {
      raw.set(asked, value);
    } else {
      throw invalidSource(
        source,
        `holds one undated ${Array.isArray(value) ? 'list' : 'object'}; a weekly report needs data keyed by date ` +
          `({"${endDate}": ...}), one entry per day`,
      );
    }
  };
  const read = (date: string) => readSource(source, date, timeoutMs, { absentOn404: true });
  const first = await read(endDate);
  if (!/^https?:/i.test(source.location!) || isDateMap(first)) {
    take(first);
    return raw;
  }
  take(first, endDate);
  const rest = dates.filter((date) => date !== endDate);
  for (let index = 0; index < rest.length; index += URL_SOURCE_CONCURRENCY) {
    const batch = rest.slice(index, index + URL_SOURCE_CONCURRENCY);
    const answers = await Promise.all(batch.map(read));
    answers.forEach((answer, at) => take(answer, batch[at]));
  }
  return raw;
}

/** The metrics of each day from `startDate` to `endDate` that METRICS_SOURCE has, or the demo's sample for each. */
async function loadWeek(sources: ReportSources, startDate: string, endDate: string): Promise<LoadedWeekMetrics> {
  const dates = spanDates(startDate, endDate);
  const source = sources.metrics;
  if (source.location === undefined) {
    if (!sources.localDemo) notConfigured(source, 'metrics');
    useSample(source);
    return { daily: Object.fromEntries(dates.map((date) => [date, { ...SAMPLE_METRICS }])), sample: true };
  }
  const raw = await readDays(source, dates, sources.sourceTimeoutMs);
  if (raw.size === 0) throw invalidSource(source, `has no entry for any day from ${startDate} to ${endDate}`);
  const daily: Record<string, Metrics> = {};
  for (const date of dates) {
    if (!raw.has(date)) continue;
    const metrics = MetricsSchema.safeParse(camelKeys(raw.get(date)));
    if (!metrics.success) throw invalidSource(source, `${date}: ${problems(metrics.error)}`);
    daily[date] = metrics.data;
  }
  return { daily, sample: false };
}

/** The report-data activities; a missing or malformed source fails at once, naming the variable. */
export function createReportSourceActivities(sources: ReportSources) {
  const load = async (source: ReportSourceConfig, date: string): Promise<unknown> => {
    const raw = await readSource(source, date, sources.sourceTimeoutMs);
    const fromUrl = /^https?:/i.test(source.location!);
    return camelKeys(entryFor(source, raw, date, fromUrl));
  };

  return {
    /** One day's metrics from METRICS_SOURCE (see {@link entryFor} for the shapes), or the demo's sample. */
    async loadMetrics({ date }: { date: string }): Promise<LoadedMetrics> {
      const source = sources.metrics;
      if (source.location === undefined) {
        if (!sources.localDemo) notConfigured(source, 'metrics');
        useSample(source);
        return { metrics: { ...SAMPLE_METRICS }, sample: true };
      }
      const metrics = MetricsSchema.safeParse(await load(source, date));
      if (!metrics.success) throw invalidSource(source, problems(metrics.error));
      return { metrics: metrics.data, sample: false };
    },

    /**
     * The daily metrics from `startDate` to `endDate` (at most 31 days) from METRICS_SOURCE, or the demo's sample for
     * each. A file is read once; a URL is asked once, and when it answers a map keyed by date, that map serves every
     * date; otherwise each further date is asked for (`?date=`, {@link URL_SOURCE_CONCURRENCY} at a time), a 404
     * meaning no data for that date. A date the source has no data for is left out (the report names it); an
     * undated source, or one without any day of the span, fails the report (InvalidReportSource).
     */
    async loadWeekMetrics({ startDate, endDate }: { startDate: string; endDate: string }): Promise<LoadedWeekMetrics> {
      return loadWeek(sources, startDate, endDate);
    },

    /** One day's audiences from AUDIENCES_SOURCE: `{ audiences, totalVisitors? }` or a plain list, or the sample. */
    async loadAudiences({ date }: { date: string }): Promise<LoadedAudiences> {
      const source = sources.audiences;
      if (source.location === undefined) {
        if (!sources.localDemo) notConfigured(source, 'audiences');
        useSample(source);
        return { ...SAMPLE_AUDIENCES, audiences: SAMPLE_AUDIENCES.audiences.map((a) => ({ ...a })), sample: true };
      }
      const parsed = AudienceSourceSchema.safeParse(await load(source, date));
      if (!parsed.success) throw invalidSource(source, problems(parsed.error));
      const report = AudienceReportSchema.safeParse(parsed.data);
      if (!report.success) throw invalidSource(source, problems(report.error));
      return { ...report.data, sample: false };
    },
  };
}
