/**
 * Container healthcheck (Dockerfile HEALTHCHECK): `node lib/healthcheck.js` exits 0 when the worker's Prometheus
 * endpoint (WORKER_METRICS_PORT) answers with worker metrics, i.e. the worker has started polling; 1 otherwise.
 */
import { ConfigError, loadEnv, readEnvironment } from './config';
import { composeEnv } from './config-compose';
import { WorkerMetricsEnvSchema } from './config-parts';

/** The healthcheck's one environment schema: it reads only the worker's metrics port. */
export const HealthcheckEnvSchema = composeEnv({ workerMetricsPort: WorkerMetricsEnvSchema });

export interface HealthResult {
  readonly healthy: boolean;
  readonly detail: string;
}

/** Metric every started worker exports (`temporal_worker_start` with the default `temporal_` prefix). */
const WORKER_METRIC = /^\w*worker_start\{/m;

/** Asks `http://<host>:<port>/metrics` whether a worker runs in this process; never throws. */
export async function checkWorkerMetrics(options: {
  port: number;
  host?: string;
  timeoutMs?: number;
}): Promise<HealthResult> {
  const { port, host = '127.0.0.1', timeoutMs = 3_000 } = options;
  const url = `http://${host}:${port}/metrics`;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    if (!response.ok) return { healthy: false, detail: `${url} answered HTTP ${response.status}` };
    if (!WORKER_METRIC.test(body)) return { healthy: false, detail: `${url} answers, but no worker has started yet` };
    return { healthy: true, detail: `${url} answers with worker metrics` };
  } catch (error) {
    const cause =
      error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
    return { healthy: false, detail: `${url} did not answer: ${cause}` };
  }
}

/** Exit code of the healthcheck: 0 healthy (or nothing to check), 1 unhealthy. */
export async function runHealthcheck(
  options: { env?: NodeJS.ProcessEnv; log?: (line: string) => void } = {},
): Promise<number> {
  const { log = console.log } = options;
  let port: number | undefined;
  try {
    port = loadEnv(HealthcheckEnvSchema, options.env ?? readEnvironment()).workerMetricsPort;
  } catch (error) {
    log(error instanceof ConfigError ? error.message : String(error));
    return 1;
  }
  if (port === undefined) {
    log('WORKER_METRICS_PORT is unset: the worker serves no metrics, so there is nothing to check');
    return 0;
  }
  const result = await checkWorkerMetrics({ port });
  log(result.detail);
  return result.healthy ? 0 : 1;
}

if (require.main === module) {
  void runHealthcheck().then((code) => process.exit(code));
}
