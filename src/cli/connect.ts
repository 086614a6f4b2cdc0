import { Client, Connection } from '@temporalio/client';
import type { Config } from '../config';
import { CliError, ExitCode } from './errors';

/** Connects a client to the configured frontend, or fails with a message that says where it looked. */
export async function connectClient(config: Config): Promise<Client> {
  try {
    const connection = await Connection.connect({
      address: config.temporal.address,
      tls: config.temporal.tls,
      ...(config.temporal.apiKey && { apiKey: config.temporal.apiKey }),
      connectTimeout: '10 seconds',
    });
    return new Client({ connection, namespace: config.temporal.namespace });
  } catch (error) {
    throw new CliError(
      `Cannot reach Temporal at ${config.temporal.address} (TEMPORAL_ADDRESS): ${error instanceof Error ? error.message : String(error)}\n` +
        'Start it with `npm start`, or point TEMPORAL_ADDRESS at your server.',
      ExitCode.Unreachable,
    );
  }
}

/** The Web UI page of one workflow run. */
export function workflowUrl(config: Config, workflowId: string, runId?: string): string {
  const base = `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}
