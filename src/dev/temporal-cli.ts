// The locator is plain JavaScript because `npm install` runs it before the TypeScript build.
export {
  CLI_VERSION,
  TemporalCliNotFoundError,
  cliVersion,
  ensureTemporalCli,
  locateTemporalCli,
  requireTemporalCli,
} from '../../scripts/temporal-cli';
