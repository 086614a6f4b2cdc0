/**
 * Child entry: the project's Discord emulator in a process of its own, so its CPU is measured apart from the load
 * generator. Options come as JSON in BENCH_EMULATOR_OPTIONS; prints one `{"ready":true,...}` line, stops on SIGTERM.
 */
import type { EmulatorOptions } from '../src/emulator';
import { loadEmulator } from './project';

async function main(): Promise<void> {
  const options = JSON.parse(process.env.BENCH_EMULATOR_OPTIONS ?? '{}') as EmulatorOptions;
  const { startEmulator } = await loadEmulator();
  const emulator = await startEmulator({ ...options, host: '127.0.0.1', port: 0 });
  const close = () => void emulator.close().finally(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  process.stdout.write(`${JSON.stringify({ ready: true, url: emulator.url, port: emulator.port })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
