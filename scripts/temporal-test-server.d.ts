export declare const TEST_SERVER_VERSION: string;
export declare function locateTestServer(env?: NodeJS.ProcessEnv): string | undefined;
export declare function requireTestServer(env?: NodeJS.ProcessEnv): string;
export declare function ensureTestServer(options?: {
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): Promise<string>;
