import { isGrpcServiceError, ServiceError, type Client } from '@temporalio/client';
import { ConfigError, loadClientConfig, readEnvironment, type ClientConfig } from './config';
import { connectClient } from './cli/connect';
import { CliError, ExitCode } from './cli/errors';
import { parseSchedulesArgs, schedulesCommand } from './cli/schedules';
import { START_HELP, parseStartArgs, startCommand } from './cli/start';
import { redactSecrets } from './discord/webhook-url';

const HELP = `Usage: npx discord-notify <command> [options]

Commands:
  start <workflowType> --input '<json>' [--id <id>] [--id-reuse-policy <policy>] [--wait]
                                     start a workflow (see start --help)
  schedules apply [--dry-run]        create or update the report and system-health schedules
  schedules list                     list schedules with their next run
  schedules trigger|pause|unpause|delete <scheduleId>
                                     act on one schedule (see schedules --help)

In a checkout of the repository, \`npm run client -- <command>\` runs the same CLI.
Configuration comes from the environment and .env (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, ...).
Every command accepts --help.

Exit codes: 0 ok, 1 failed (the workflow failed or Temporal refused), 2 usage, invalid input or configuration,
3 Temporal unreachable, 4 no such schedule.`;

type Out = (line: string) => void;

/** A parsed command: its help text, or what to run once connected (nothing connects when arguments are wrong). */
type Parsed = { help: string } | { run(config: ClientConfig, client: Client, out: Out, err: Out): Promise<void> };

const COMMANDS: Record<string, (argv: string[]) => Parsed> = {
  start: (argv) => {
    const args = parseStartArgs(argv);
    return args === 'help'
      ? { help: START_HELP }
      : { run: (config, client, out) => startCommand(args, config, client, out) };
  },
  schedules: (argv) => {
    const args = parseSchedulesArgs(argv);
    return 'help' in args
      ? args
      : { run: (config, client, out, err) => schedulesCommand(args, config, client, out, err) };
  },
};

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** Exit code and message for an error no command handled itself. */
function classify(error: unknown): { code: ExitCode; message: string } {
  if (error instanceof CliError) return { code: error.exitCode, message: error.message };
  if (error instanceof ConfigError) return { code: ExitCode.Usage, message: error.message };
  // node:util parseArgs errors, recognised by code (under Jest they come from another realm's TypeError).
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
    return { code: ExitCode.Usage, message: `${(error as Error).message}\nRun with --help for usage.` };
  }
  const grpc = error instanceof ServiceError ? error.cause : error;
  if (isGrpcServiceError(grpc) && [GRPC_UNAVAILABLE, GRPC_DEADLINE_EXCEEDED].includes(Number(grpc.code))) {
    // UNAVAILABLE / DEADLINE_EXCEEDED: the server went away mid-command.
    return { code: ExitCode.Unreachable, message: `Temporal became unreachable: ${grpc.details || grpc.message}` };
  }
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return {
    code: ExitCode.Failed,
    message: error instanceof Error ? `${error.name}: ${error.message}${cause}` : String(error),
  };
}

/**
 * Runs one CLI command; returns the exit code instead of exiting, so tests can call it.
 * @param env the environment to configure from; the process environment merged over `.env` by default
 */
export async function main(
  argv: string[],
  out: Out = console.log,
  err: Out = console.error,
  env?: NodeJS.ProcessEnv,
): Promise<ExitCode> {
  const [name, ...rest] = argv;
  // Whatever is printed, a webhook URL's token never is (config errors and failures may quote one).
  const print = (sink: Out) => (line: string) => sink(redactSecrets(line));
  try {
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      print(name ? out : err)(HELP);
      return name ? ExitCode.Ok : ExitCode.Usage;
    }
    const parse = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
    if (!parse) throw new CliError(`Unknown command "${name}"\n\n${HELP}`, ExitCode.Usage);
    const command = parse(rest);
    if ('help' in command) {
      print(out)(command.help);
      return ExitCode.Ok;
    }
    const config = loadClientConfig(env ?? readEnvironment());
    const client = await connectClient(config);
    try {
      await command.run(config, client, print(out), print(err));
    } finally {
      await client.connection.close();
    }
    return ExitCode.Ok;
  } catch (error) {
    const { code, message } = classify(error);
    print(err)(message);
    return code;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    () => process.exit(ExitCode.Failed),
  );
}
