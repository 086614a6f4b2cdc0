import { connect as tcpConnect } from 'node:net';
import { Client, Connection } from '@temporalio/client';
import { getDataConverter } from '../codec/data-converter';
import { temporalConnectionOptions, type ClientConfig } from '../config';
import { CliError, ExitCode } from './errors';

/** `host` and `port` of a `host:port` address; IPv6 hosts may be written in brackets. */
export function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, '$1'), port: Number(address.slice(colon + 1)) };
}

/**
 * Why a TCP connection to the address fails at once (refused, unknown host), or undefined when it opens or is
 * merely slow: gRPC would otherwise retry a refused port until its 10 s deadline.
 */
async function refusedReason(address: string, timeoutMs = 3_000): Promise<string | undefined> {
  const { host, port } = splitAddress(address);
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (reason: string | undefined) => {
      socket.destroy();
      resolve(reason);
    };
    socket.setTimeout(timeoutMs, () => done(undefined));
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(
        error.code === 'ECONNREFUSED'
          ? 'connection refused'
          : ['ENOTFOUND', 'EAI_AGAIN'].includes(error.code ?? '')
            ? 'unknown host'
            : undefined,
      ),
    );
  });
}

function unreachable(config: ClientConfig, reason: string): CliError {
  return new CliError(
    `Cannot reach Temporal at ${config.temporal.address} (TEMPORAL_ADDRESS): ${reason}\n` +
      'Start it with `npm start`, or point TEMPORAL_ADDRESS at your server.',
    ExitCode.Unreachable,
  );
}

/** Connects a client to the configured frontend, or fails with exit code 3 and a message that says where it looked. */
export async function connectClient(config: ClientConfig): Promise<Client> {
  const refused = await refusedReason(config.temporal.address);
  if (refused) throw unreachable(config, refused);
  try {
    const connection = await Connection.connect({
      ...temporalConnectionOptions(config),
      connectTimeout: '10 seconds',
    });
    // With TEMPORAL_CODEC_KEY set, inputs (and schedule actions) are encrypted like the worker expects.
    const dataConverter = getDataConverter(config);
    return new Client({ connection, namespace: config.temporal.namespace, ...(dataConverter && { dataConverter }) });
  } catch (error) {
    throw unreachable(config, error instanceof Error ? error.message : String(error));
  }
}

const namespaceUrl = (config: ClientConfig) =>
  `${config.temporal.uiUrl}/namespaces/${encodeURIComponent(config.temporal.namespace)}`;

/** The Web UI page of one workflow run. */
export function workflowUrl(config: ClientConfig, workflowId: string, runId?: string): string {
  const base = `${namespaceUrl(config)}/workflows/${encodeURIComponent(workflowId)}`;
  return runId ? `${base}/${encodeURIComponent(runId)}/history` : base;
}

/** The Web UI page of one schedule. */
export function scheduleUrl(config: ClientConfig, scheduleId: string): string {
  return `${namespaceUrl(config)}/schedules/${encodeURIComponent(scheduleId)}`;
}

/** The Web UI page of one task queue: its pollers and backlog. */
export function taskQueueUrl(config: ClientConfig, taskQueue: string): string {
  return `${namespaceUrl(config)}/task-queues/${encodeURIComponent(taskQueue)}`;
}

/** The Web UI's workflow list filtered by a visibility query. */
export function workflowListUrl(config: ClientConfig, query: string): string {
  return `${namespaceUrl(config)}/workflows?query=${encodeURIComponent(query)}`;
}
