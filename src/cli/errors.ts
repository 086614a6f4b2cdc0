/** Exit codes of the CLI (`npx discord-notify`, or `npm run client --`). */
export const ExitCode = {
  Ok: 0,
  /** The workflow failed, or Temporal refused the request. */
  Failed: 1,
  /** Bad usage, invalid input or invalid configuration: nothing was started. */
  Usage: 2,
  /** The Temporal frontend could not be reached. */
  Unreachable: 3,
  /** The named schedule or workflow does not exist. */
  NotFound: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A CLI failure with the exit code it ends the process with and a message for the user. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
  }
}
