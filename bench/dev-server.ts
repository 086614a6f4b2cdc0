/** The benchmarks' own Temporal dev server (`temporal server start-dev`, in memory, headless, default settings). */
import type { DevServer } from '../src/dev/dev-server';
import { loadDevServer } from './project';

/**
 * Starts a dev server with default settings (no dynamic config, no partition counts: what the product must work on),
 * trying again twice when it dies during start-up: on a machine where other engineers start dev servers too, the ports
 * it derives from its free frontend port are sometimes taken a moment later.
 */
export async function startBenchDevServer(): Promise<DevServer> {
  const { startDevServer, DevServerStartError } = await loadDevServer();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDevServer({ startTimeoutMs: 180_000 });
    } catch (error) {
      if (!(error instanceof DevServerStartError) || attempt >= 3) throw error;
      console.warn(`dev server did not start (attempt ${attempt}); trying again`);
    }
  }
}
