export declare const CLI_VERSION: string;
export declare const GO_FALLBACK_VERSION: string;
export declare const SDK_CACHED_BIN: string;
export declare class TemporalCliNotFoundError extends Error {}
export interface LocatedCli {
  path: string;
  source: 'TEMPORAL_CLI_PATH' | 'PATH' | 'project' | 'sdk-cache';
}
export declare function locateTemporalCli(env?: NodeJS.ProcessEnv): LocatedCli | undefined;
export declare function requireTemporalCli(env?: NodeJS.ProcessEnv): string;
export declare function ensureTemporalCli(options?: {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<LocatedCli>;
export declare function cliVersion(bin: string): string;
export declare function extractZipMember(zip: Buffer, wanted: (name: string) => boolean): Buffer;
export declare const PROJECT_ROOT: string;
export declare function isExecutable(file: string): boolean;
export declare function findOnPath(name: string, envPath?: string): string | undefined;
