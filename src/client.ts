import { ConfigError, loadConfig } from './config';
import { connectClient } from './cli/connect';
import { CliError, ExitCode } from './cli/errors';
import { START_HELP, parseStartArgs, startCommand } from './cli/start';

const HELP = `Usage: npm run client -- <command> [options]

Commands:
  start <workflowType> --input '<json>' [--id <id>] [--wait]   start a workflow (see start --help)

Configuration comes from the environment and .env (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE, ...).
Every command accepts --help.`;

/** Runs one CLI command; returns the exit code instead of exiting, so tests can call it. */
export async function main(argv: string[], out = console.log, err = console.error): Promise<ExitCode> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      out(HELP);
      return command ? ExitCode.Ok : ExitCode.Usage;
    }
    if (command === 'start') {
      const args = parseStartArgs(rest);
      if (args === 'help') {
        out(START_HELP);
        return ExitCode.Ok;
      }
      const config = loadConfig();
      const client = await connectClient(config);
      try {
        await startCommand(args, config, client, out);
      } finally {
        await client.connection.close();
      }
      return ExitCode.Ok;
    }
    throw new CliError(`Unknown command "${command}"\n\n${HELP}`, ExitCode.Usage);
  } catch (error) {
    if (error instanceof CliError) {
      err(error.message);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      err(error.message);
      return ExitCode.Usage;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      err(`${error.message}\nRun with --help for usage.`);
      return ExitCode.Usage;
    }
    err(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
    return ExitCode.Failed;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    () => process.exit(ExitCode.Failed),
  );
}
