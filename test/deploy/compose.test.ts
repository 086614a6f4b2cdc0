/**
 * Static checks of the production deployment files: docker-compose.yml, Dockerfile, .dockerignore, deploy/.
 * There is no Docker engine on the machines that run this suite, so nothing here builds or starts a container.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config';
import {
  EXACT_TAG,
  ROOT,
  documentedVariables,
  interpolate,
  loadCompose,
  parseDockerfile,
  read,
  splitImage,
  stageEnv,
  variablesUsed,
  type ComposeService,
  type DockerStage,
} from './deploy-files';

const compose = loadCompose();
const services = compose.services;
const service = (name: string): ComposeService => {
  const found = services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
};
const envOf = (name: string) => service(name).environment ?? {};
/** A service's environment as the container sees it with an empty .env (defaults applied). */
const resolvedEnv = (name: string, env: Record<string, string> = {}) =>
  Object.fromEntries(Object.entries(envOf(name)).map(([key, value]) => [key, interpolate(String(value ?? ''), env)]));
/** The variables .env.example sets (not its commented-out ones). */
const exampleEnv = (): Record<string, string> =>
  Object.fromEntries(
    read('.env.example')
      .split('\n')
      .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
      .filter((match) => match !== null)
      .map((match) => [match[1]!, match[2]!]),
  );
/** Every string value of the parsed file (comments are not values), for the variables it interpolates. */
const stringsIn = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : typeof value === 'object' && value !== null
      ? Object.values(value).flatMap(stringsIn)
      : [];
const variablesInCompose = () => stringsIn(compose).flatMap(variablesUsed);
const stages = parseDockerfile();
const runtime = stages.at(-1)!;
const instructions = (stage: DockerStage, keyword: string) =>
  stage.instructions.filter((instruction) => instruction.keyword === keyword).map(({ args }) => args);
const TEMPORAL_SERVICES = [
  'postgresql',
  'temporal-admin-tools',
  'temporal',
  'temporal-create-namespace',
  'temporal-ui',
];

describe('docker-compose.yml services', () => {
  test('runs a Postgres-backed Temporal server, its schema and namespace jobs, the Web UI and the worker', () => {
    expect(Object.keys(services).sort()).toEqual([...TEMPORAL_SERVICES, 'worker', 'codec-server'].sort());
    expect(splitImage(service('postgresql').image!).repository).toBe('postgres');
    expect(splitImage(service('temporal-admin-tools').image!).repository).toBe('temporalio/admin-tools');
    expect(splitImage(service('temporal').image!).repository).toBe('temporalio/server');
    expect(splitImage(service('temporal-create-namespace').image!).repository).toBe('temporalio/admin-tools');
    expect(splitImage(service('temporal-ui').image!).repository).toBe('temporalio/ui');
    // The deprecated all-in-one image is not used by any service.
    for (const definition of Object.values(services)) expect(definition.image ?? '').not.toMatch(/auto-setup/);
  });

  test('pins every pulled image to an exact version tag (no latest, no missing or floating tag)', () => {
    for (const [name, definition] of Object.entries(services)) {
      if (definition.build) continue; // built from this repository's Dockerfile
      const { tag } = splitImage(definition.image ?? '');
      expect({ name, tag }).toEqual({ name, tag: expect.stringMatching(EXACT_TAG) });
      expect(tag).not.toMatch(/latest/);
    }
  });

  test('uses Postgres 16 and the same Temporal version for the schema tools and the server', () => {
    expect(splitImage(service('postgresql').image!).tag).toMatch(/^16\.\d+/);
    const server = splitImage(service('temporal').image!).tag!;
    expect(server).toMatch(/^1\.30\.\d+$/);
    // The schema job must ship the migrations of exactly the server version it prepares the database for.
    expect(splitImage(service('temporal-admin-tools').image!).tag).toBe(server);
    expect(splitImage(service('temporal-create-namespace').image!).tag).toBe(server);
    expect(splitImage(service('temporal-ui').image!).tag).toMatch(/^2\.(3[4-9]|[4-9]\d)\.\d+$/);
  });

  test('starts in dependency order with the right conditions', () => {
    const dependsOn = (name: string) => service(name).depends_on;
    expect(dependsOn('postgresql')).toBeUndefined();
    expect(dependsOn('temporal-admin-tools')).toEqual({ postgresql: { condition: 'service_healthy' } });
    expect(dependsOn('temporal')).toEqual({ 'temporal-admin-tools': { condition: 'service_completed_successfully' } });
    expect(dependsOn('temporal-create-namespace')).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(dependsOn('temporal-ui')).toEqual({ temporal: { condition: 'service_healthy' } });
    expect(dependsOn('worker')).toEqual({
      'temporal-create-namespace': { condition: 'service_completed_successfully' },
    });
    // Every condition names a service that exists and, for "healthy", has a healthcheck.
    for (const definition of Object.values(services)) {
      for (const [dependency, { condition }] of Object.entries(definition.depends_on ?? {})) {
        expect(services).toHaveProperty([dependency]);
        if (condition === 'service_healthy') expect(service(dependency).healthcheck).toBeDefined();
      }
    }
  });

  test('runs the two one-shot jobs once (restart "no") from scripts shipped under deploy/temporal/scripts', () => {
    for (const name of ['temporal-admin-tools', 'temporal-create-namespace']) {
      const job = service(name);
      expect(job.restart).toBe('no');
      expect(job.volumes).toContain('./deploy/temporal/scripts:/deploy-scripts:ro');
      const [script] = [job.command].flat() as string[];
      expect(script).toMatch(/^\/deploy-scripts\/[\w-]+\.sh$/);
      expect(existsSync(join(ROOT, 'deploy/temporal/scripts', script!.replace('/deploy-scripts/', '')))).toBe(true);
    }
    expect(service('temporal-admin-tools').command).toEqual(['/deploy-scripts/setup-postgres.sh']);
    expect(service('temporal-create-namespace').command).toEqual(['/deploy-scripts/create-namespace.sh']);
  });

  test('gives the schema job and the server the same database settings, matching the postgres service', () => {
    const dbKeys = ['DB', 'DB_PORT', 'POSTGRES_SEEDS', 'POSTGRES_USER', 'POSTGRES_PWD'];
    const admin = envOf('temporal-admin-tools');
    const server = envOf('temporal');
    for (const key of dbKeys) {
      expect({ key, value: admin[key] }).toEqual({ key, value: server[key] });
      expect(admin[key]).toBeDefined();
    }
    expect(resolvedEnv('temporal')).toMatchObject({
      DB: 'postgres12',
      DB_PORT: '5432',
      POSTGRES_SEEDS: 'postgresql',
      POSTGRES_USER: 'temporal',
      POSTGRES_PWD: 'temporal',
    });
    // Same credentials as the database container creates, also when .env overrides them.
    const custom = { POSTGRES_USER: 'ops', POSTGRES_PASSWORD: 's3cret' };
    const database = resolvedEnv('postgresql', custom);
    expect(resolvedEnv('temporal', custom)).toMatchObject({
      POSTGRES_USER: database.POSTGRES_USER,
      POSTGRES_PWD: database.POSTGRES_PASSWORD,
    });
    expect(resolvedEnv('temporal-admin-tools', custom)).toMatchObject({ POSTGRES_USER: 'ops', POSTGRES_PWD: 's3cret' });
  });

  test('configures the server to listen on all interfaces with the shipped dynamic config file', () => {
    const env = resolvedEnv('temporal');
    expect(env.BIND_ON_IP).toBe('0.0.0.0');
    const mount = service('temporal').volumes?.find((volume) => volume.includes(':/etc/temporal/config/dynamicconfig'));
    expect(mount).toBe('./deploy/temporal/dynamicconfig:/etc/temporal/config/dynamicconfig:ro');
    const file = env.DYNAMIC_CONFIG_FILE_PATH!.replace(/^config\/dynamicconfig\//, '');
    expect(env.DYNAMIC_CONFIG_FILE_PATH).toBe(`config/dynamicconfig/${file}`);
    const dynamicConfig = parse(read(`deploy/temporal/dynamicconfig/${file}`)) as Record<string, unknown>;
    expect(Object.keys(dynamicConfig).length).toBeGreaterThan(0);
    for (const [key, values] of Object.entries(dynamicConfig)) {
      expect(key).toMatch(/^[a-z]+\.[A-Za-z.]+$/);
      expect(Array.isArray(values)).toBe(true);
      for (const entry of values as Record<string, unknown>[]) {
        expect(Object.keys(entry).every((field) => field === 'value' || field === 'constraints')).toBe(true);
        expect(entry).toHaveProperty('value');
      }
    }
    expect(dynamicConfig['limit.maxIDLength']).toEqual([{ value: 255, constraints: {} }]);
  });

  test('publishes only the frontend (7233) and the Web UI (8080), on localhost unless PUBLISH_IP says otherwise', () => {
    const published = (name: string, env: Record<string, string> = {}) =>
      (service(name).ports ?? []).map((port) => interpolate(String(port), env));
    expect(published('temporal')).toEqual(['127.0.0.1:7233:7233']);
    expect(published('temporal-ui')).toEqual(['127.0.0.1:8080:8080']);
    expect(published('temporal-ui', { PUBLISH_IP: '0.0.0.0' })).toEqual(['0.0.0.0:8080:8080']);
    for (const name of ['postgresql', 'temporal-admin-tools', 'temporal-create-namespace', 'worker']) {
      expect({ name, ports: service(name).ports }).toEqual({ name, ports: undefined });
    }
    // The optional codec server is published only when its profile is enabled.
    expect(service('codec-server').profiles).toEqual(['codec']);
    expect(published('codec-server')).toEqual(['127.0.0.1:8888:8888']);
    expect(resolvedEnv('temporal-ui')).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_CODEC_ENDPOINT: '',
    });
    expect(resolvedEnv('temporal-ui', { TEMPORAL_UI_CODEC_ENDPOINT: 'http://localhost:8888' })).toMatchObject({
      TEMPORAL_CODEC_ENDPOINT: 'http://localhost:8888',
    });
  });

  test('keeps Postgres data in a named volume', () => {
    const [volume] = service('postgresql').volumes ?? [];
    const [name, target] = (volume ?? '').split(':');
    expect(target).toBe('/var/lib/postgresql/data');
    expect(compose.volumes).toHaveProperty([name!]);
  });

  test('health-checks postgres with pg_isready, the server on its frontend port and the worker via its image', () => {
    expect([service('postgresql').healthcheck!.test].flat().join(' ')).toMatch(/pg_isready/);
    expect(service('temporal').healthcheck!.test).toEqual(['CMD', 'nc', '-z', 'localhost', '7233']);
    // The worker keeps the Dockerfile's HEALTHCHECK (not overridden or disabled here).
    expect(service('worker').healthcheck).toBeUndefined();
    expect(instructions(runtime, 'HEALTHCHECK')).toHaveLength(1);
    // The codec server runs from the worker image, so it must replace the worker's metrics healthcheck.
    expect([service('codec-server').healthcheck!.test].flat().join(' ')).toMatch(/127\.0\.0\.1:8888\/health/);
  });
});

describe('the worker service', () => {
  const worker = service('worker');

  test('is built from the repository Dockerfile', () => {
    expect(worker.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(service('codec-server').build).toEqual(worker.build);
    expect(service('codec-server').image).toBe(worker.image);
  });

  test('reads .env and reaches the compose Temporal server at temporal:7233', () => {
    expect([worker.env_file].flat()).toContain('.env');
    expect(resolvedEnv('worker').TEMPORAL_ADDRESS).toBe('temporal:7233');
    // Temporal Cloud: the worker alone, pointed elsewhere from .env.
    expect(resolvedEnv('worker', { WORKER_TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233' }).TEMPORAL_ADDRESS).toBe(
      'ns.acct.tmprl.cloud:7233',
    );
    // .env's TEMPORAL_ADDRESS is the developer default (localhost); it must not leak into the container.
    expect(resolvedEnv('worker', { TEMPORAL_ADDRESS: 'localhost:7233' }).TEMPORAL_ADDRESS).toBe('temporal:7233');
  });

  test('serves metrics on the port the image healthcheck and EXPOSE use, unpublished so replicas never clash', () => {
    const port = resolvedEnv('worker').WORKER_METRICS_PORT;
    expect(port).toBe('9464');
    expect(stageEnv(runtime).get('WORKER_METRICS_PORT')).toBe(port);
    expect(instructions(runtime, 'EXPOSE')).toEqual([port]);
    expect(worker.expose?.map(String)).toEqual([port]);
    expect(worker.ports).toBeUndefined();
  });

  test('scales horizontally: deploy.replicas from WORKER_REPLICAS (default 1), or --scale worker=N', () => {
    const replicas = (env: Record<string, string> = {}) => Number(interpolate(String(worker.deploy?.replicas), env));
    expect(replicas()).toBe(1);
    expect(replicas({ WORKER_REPLICAS: '3' })).toBe(3);
    expect(worker).not.toHaveProperty('container_name'); // a fixed name would forbid more than one replica
    expect(read('docs/deploy.md')).toMatch(/--scale worker=3/);
  });

  test('what the service gives the worker is a configuration the worker accepts, as the compose network needs it', () => {
    // .env as a user fills it in (one webhook), then the service's own environment on top, as Compose does.
    const dotEnv = {
      ...exampleEnv(),
      DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/123456789012345678/token',
    };
    const config = loadConfig({ ...dotEnv, ...resolvedEnv('worker', dotEnv) });
    expect(config.temporal).toMatchObject({ address: 'temporal:7233', namespace: 'default', tls: false });
    expect(config.workerMetricsPort).toBe(9464);
    // Every variable the service sets is one the worker reads (documented in .env.example or the contract).
    const documented = documentedVariables();
    for (const name of Object.keys(envOf('worker')))
      expect({ name, read: documented.has(name) }).toEqual({ name, read: true });
  });

  test('waits for the namespace it polls and stops gracefully', () => {
    expect(resolvedEnv('temporal-create-namespace')).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'default',
      TEMPORAL_NAMESPACE_RETENTION: expect.stringMatching(/^\d+[dh]$/),
    });
    // Both read TEMPORAL_NAMESPACE from .env: the job creates the namespace the worker uses.
    expect(resolvedEnv('temporal-create-namespace', { TEMPORAL_NAMESPACE: 'marketing' }).TEMPORAL_NAMESPACE).toBe(
      'marketing',
    );
    expect(worker.init).toBe(true);
    expect(worker).toHaveProperty('stop_grace_period');
  });
});

describe('Prometheus', () => {
  test('the shipped scrape config reaches every worker replica on the metrics port, as the docs show it', () => {
    const config = parse(read('deploy/prometheus/scrape-worker.yml')) as {
      scrape_configs: { metrics_path: string; dns_sd_configs: { names: string[]; type: string; port: number }[] }[];
    };
    const [job] = config.scrape_configs;
    expect(job!.metrics_path).toBe('/metrics');
    expect(job!.dns_sd_configs).toEqual([
      { names: ['worker'], type: 'A', port: Number(resolvedEnv('worker').WORKER_METRICS_PORT) },
    ]);
    const docs = read('docs/deploy.md');
    const snippet = read('deploy/prometheus/scrape-worker.yml').replace(/^#.*\n/gm, '');
    expect(docs).toContain(snippet.trim());
  });
});

describe('variables', () => {
  test('every ${VAR} in docker-compose.yml has a default or is documented in .env.example', () => {
    const documented = documentedVariables();
    const undocumented = variablesInCompose()
      .filter(({ operator }) => operator !== ':-' && operator !== '-')
      .map(({ name }) => name)
      .filter((name) => !documented.has(name));
    expect(undocumented).toEqual([]);
  });

  test('.env.example documents the compose-only variables and the codec keys', () => {
    const documented = documentedVariables();
    const composeVariables = new Set(variablesInCompose().map(({ name }) => name));
    for (const name of composeVariables)
      expect({ name, documented: documented.has(name) }).toEqual({ name, documented: true });
    for (const name of ['TEMPORAL_CODEC_KEY', 'TEMPORAL_CODEC_KEY_ID', 'TEMPORAL_CODEC_AUTH', 'WORKER_METRICS_PORT']) {
      expect(documented.has(name)).toBe(true);
    }
  });

  test('the interpolation helper follows Compose rules', () => {
    expect(interpolate('${A:-x}')).toBe('x');
    expect(interpolate('${A:-x}', { A: '' })).toBe('x');
    expect(interpolate('${A-x}', { A: '' })).toBe('');
    expect(interpolate('$${HOME} ${A}', { A: 'a' })).toBe('${HOME} a');
    expect(() => interpolate('${A:?set A}')).toThrow('A is required');
  });
});

describe('Dockerfile', () => {
  test('is multi-stage on one exactly pinned Node 20 image', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    const images = new Set(stages.map((stage) => stage.image));
    expect(images.size).toBe(1);
    const { repository, tag } = splitImage(stages[0]!.image);
    expect(repository).toBe('node');
    expect(tag).toMatch(/^20\.\d+\.\d+-(bookworm|bookworm-slim)$/);
    // Satisfies package.json engines (>=20.18.1).
    const [minor, patch] = tag!.split('-')[0]!.split('.').slice(1).map(Number);
    expect(minor! > 18 || (minor === 18 && patch! >= 1)).toBe(true);
  });

  test('compiles in a build stage: npm ci (no install scripts, no CLI download), then npm run build', () => {
    const build = stages.find((stage) => instructions(stage, 'RUN').some((run) => run.includes('npm run build')))!;
    expect(build).toBeDefined();
    expect(build.name).toBeDefined();
    const runs = instructions(build, 'RUN');
    expect(runs.findIndex((run) => /npm ci\b/.test(run))).toBeLessThan(
      runs.findIndex((run) => run.includes('npm run build')),
    );
    const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const buildScript = pkg.scripts.build ?? '';
    expect(buildScript.split(' && ')[0]).toBe('tsc -p tsconfig.build.json');
    // Every helper script the build runs is copied into the build stage.
    const helpers = [...buildScript.matchAll(/node (scripts\/[\w-]+\.js)/g)].map(([, file]) => file!);
    expect(helpers).toEqual(['scripts/copy-assets.js', 'scripts/bundle-workflows.js', 'scripts/build-state.js']);
    expect(instructions(build, 'COPY')).toContain('scripts ./scripts');
    const tsconfig = JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { outDir: string } };
    expect(tsconfig.compilerOptions.outDir).toBe('lib');
    // The runtime stage takes lib/ from it.
    expect(instructions(runtime, 'COPY')).toContain(`--from=${build.name} /app/lib ./lib`);
  });

  test('installs dependencies without the temporal CLI download in every stage that runs npm', () => {
    for (const stage of stages) {
      const npmInstalls = instructions(stage, 'RUN').filter((run) => /npm (ci|install)\b/.test(run));
      if (npmInstalls.length === 0) continue;
      expect(stageEnv(stage).get('TEMPORAL_CLI_SKIP_INSTALL')).toBe('1');
      for (const run of npmInstalls) expect(run).toMatch(/--ignore-scripts/);
    }
  });

  test('runtime stage: production dependencies, lib/ and package.json only', () => {
    const copies = instructions(runtime, 'COPY');
    const nodeModules = copies.find((copy) => copy.endsWith(' ./node_modules'));
    const depsStage = stages.find((stage) => nodeModules?.startsWith(`--from=${stage.name} `));
    expect(depsStage).toBeDefined();
    expect(instructions(depsStage!, 'RUN').join(' ')).toMatch(/npm ci --omit=dev/);
    expect(copies).toEqual(expect.arrayContaining(['package.json ./']));
    // No sample data: a deployed worker reports only figures from METRICS_SOURCE / AUDIENCES_SOURCE.
    expect(copies.some((copy) => /\bdata\b/.test(copy))).toBe(false);
    expect(copies.some((copy) => /\bsrc\b|\.env|\btest\b/.test(copy))).toBe(false);
    expect(instructions(runtime, 'RUN')).toEqual([]); // nothing installed or generated in the final image
  });

  test('sets NODE_ENV=production and TEMPORAL_CLI_SKIP_INSTALL=1, and runs as a non-root user', () => {
    const env = stageEnv(runtime);
    expect(env.get('NODE_ENV')).toBe('production');
    expect(env.get('TEMPORAL_CLI_SKIP_INSTALL')).toBe('1');
    const users = instructions(runtime, 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users.at(-1)).not.toMatch(/^(root|0)(:|$)/);
  });

  test('health-checks with node lib/healthcheck.js and runs node lib/worker.js', () => {
    const [healthcheck] = instructions(runtime, 'HEALTHCHECK');
    expect(healthcheck).toMatch(/CMD \["node", "lib\/healthcheck\.js"\]$/);
    expect(healthcheck).toMatch(/--interval=\d+s/);
    expect(existsSync(join(ROOT, 'src/healthcheck.ts'))).toBe(true);
    expect(instructions(runtime, 'CMD')).toEqual(['["node", "lib/worker.js"]']);
    expect(existsSync(join(ROOT, 'src/worker.ts'))).toBe(true);
    expect(instructions(runtime, 'ENTRYPOINT')).toEqual([]);
  });

  test('.dockerignore keeps secrets and build output out of the context but not what the Dockerfile copies', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.env', 'node_modules', 'lib', '.git', '.temporal', 'reports']));
    const copied = stages
      .flatMap((stage) => instructions(stage, 'COPY'))
      .filter((copy) => !copy.startsWith('--from='))
      .flatMap((copy) => copy.split(' ').slice(0, -1));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src']));
    for (const source of copied)
      expect({ source, ignored: ignored.includes(source) }).toEqual({ source, ignored: false });
  });
});
