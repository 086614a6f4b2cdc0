/**
 * The compose one-shot jobs' shell scripts, run here with /bin/sh as the admin-tools image runs them:
 * setup-postgres.sh against a recording stand-in for temporal-sql-tool, create-namespace.sh against the test
 * Temporal server with the real temporal CLI.
 */
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { freePort } from '../../src/dev/dev-server';
import { requireTemporalCli } from '../../src/dev/temporal-cli';
import { testAddress } from '../helpers/temporal';
import { ROOT, loadCompose } from './deploy-files';

const SCRIPTS = join(ROOT, 'deploy', 'temporal', 'scripts');

function sh(script: string, env: Record<string, string>, timeout = 60_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile('/bin/sh', [join(SCRIPTS, script)], { env, timeout }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe('setup-postgres.sh (temporal-admin-tools)', () => {
  /** A directory on PATH with a temporal-sql-tool that records its arguments and SQL_* environment. */
  function fakeSqlTool(exitCode = 0): { bin: string; calls: () => { args: string[]; env: Record<string, string> }[] } {
    const bin = mkdtempSync(join(tmpdir(), 'sql-tool-'));
    const log = join(bin, 'calls.jsonl');
    writeFileSync(log, '');
    const tool = join(bin, 'temporal-sql-tool');
    writeFileSync(
      tool,
      `#!${process.execPath}\n` +
        `const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('SQL_')));\n` +
        `require('fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify({ args: process.argv.slice(2), env }) + '\\n');\n` +
        `process.exit(${exitCode});\n`,
    );
    chmodSync(tool, 0o755);
    return {
      bin,
      calls: () =>
        readFileSync(log, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as { args: string[]; env: Record<string, string> }),
    };
  }

  // The schema job's environment exactly as docker-compose.yml defines it (defaults applied).
  const composeEnv = () => {
    const env = loadCompose().services['temporal-admin-tools']!.environment!;
    return Object.fromEntries(
      Object.entries(env).map(([key, value]) => [key, String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')]),
    );
  };

  test('creates and migrates temporal and temporal_visibility with the postgres12 plugin, password via SQL_PASSWORD', async () => {
    const tool = fakeSqlTool();
    const env = { ...composeEnv(), POSTGRES_PWD: 'pw-Secret-123' };
    const result = await sh('setup-postgres.sh', { PATH: `${tool.bin}:/usr/bin:/bin`, ...env });
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const calls = tool.calls();
    const root = '/etc/temporal/schema/postgresql/v12';
    expect(calls.map(({ args }) => args)).toEqual([
      ['--db', 'temporal', 'create'],
      ['--db', 'temporal', 'setup-schema', '-v', '0.0'],
      ['--db', 'temporal', 'update-schema', '-d', `${root}/temporal/versioned`],
      ['--db', 'temporal_visibility', 'create'],
      ['--db', 'temporal_visibility', 'setup-schema', '-v', '0.0'],
      ['--db', 'temporal_visibility', 'update-schema', '-d', `${root}/visibility/versioned`],
    ]);
    for (const { env } of calls) {
      expect(env).toEqual({
        SQL_PLUGIN: 'postgres12',
        SQL_HOST: 'postgresql',
        SQL_PORT: '5432',
        SQL_USER: 'temporal',
        SQL_PASSWORD: 'pw-Secret-123',
      });
    }
    // The password never appears on a command line (visible in `ps`).
    expect(calls.flatMap(({ args }) => args).join(' ')).not.toContain('pw-Secret-123');
  });

  test('stops at the first failing step with a non-zero exit, so the server never starts on a half schema', async () => {
    const tool = fakeSqlTool(1);
    const result = await sh('setup-postgres.sh', { PATH: `${tool.bin}:/usr/bin:/bin`, ...composeEnv() });
    expect(result.code).not.toBe(0);
    expect(tool.calls()).toHaveLength(1);
  });

  test('refuses to run without the database settings', async () => {
    const tool = fakeSqlTool();
    const { POSTGRES_PWD: _omitted, ...env } = composeEnv();
    const result = await sh('setup-postgres.sh', { PATH: `${tool.bin}:/usr/bin:/bin`, ...env });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/POSTGRES_PWD must be set/);
    expect(tool.calls()).toHaveLength(0);
  });
});

describe('create-namespace.sh (temporal-create-namespace) with the real temporal CLI', () => {
  const bin = mkdtempSync(join(tmpdir(), 'temporal-cli-'));
  symlinkSync(requireTemporalCli(), join(bin, 'temporal'));
  const env = (extra: Record<string, string>) => ({
    PATH: `${bin}:/usr/bin:/bin`,
    TEMPORAL_ADDRESS: testAddress(),
    ...extra,
  });

  async function retentionSeconds(namespace: string): Promise<number> {
    const connection = await Connection.connect({ address: testAddress() });
    try {
      const described = await connection.workflowService.describeNamespace({ namespace });
      return Number(described.config!.workflowExecutionRetentionTtl!.seconds);
    } finally {
      await connection.close();
    }
  }

  test('creates the namespace with the retention, and on a second run updates it instead of failing', async () => {
    const namespace = `compose-${randomUUID().slice(0, 8)}`;
    const first = await sh(
      'create-namespace.sh',
      env({ TEMPORAL_NAMESPACE: namespace, TEMPORAL_NAMESPACE_RETENTION: '14d' }),
    );
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(`namespace job: namespace ${namespace} created with retention 14d`);
    expect(await retentionSeconds(namespace)).toBe(14 * 24 * 3600);

    const second = await sh(
      'create-namespace.sh',
      env({ TEMPORAL_NAMESPACE: namespace, TEMPORAL_NAMESPACE_RETENTION: '72h', NAMESPACE_JOB_DELAY_SECONDS: '1' }),
    );
    // Right after the creation the update may be retried until the frontend's namespace cache has it.
    expect(second).toMatchObject({ code: 0 });
    expect(second.stdout).toContain(`namespace job: namespace ${namespace} exists; retention set to 72h`);
    expect(await retentionSeconds(namespace)).toBe(72 * 3600);
  });

  test('waits for the frontend, then fails after NAMESPACE_JOB_ATTEMPTS when it never answers', async () => {
    const closed = `127.0.0.1:${await freePort()}`;
    const result = await sh(
      'create-namespace.sh',
      env({ TEMPORAL_ADDRESS: closed, NAMESPACE_JOB_ATTEMPTS: '3', NAMESPACE_JOB_DELAY_SECONDS: '0' }),
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`namespace job: waiting for ${closed} (attempt 2/3)`);
    expect(result.stderr).toContain(`did not become healthy after 3 attempts`);
  });
});
