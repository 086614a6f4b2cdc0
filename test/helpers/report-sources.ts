import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary folder for report source files (METRICS_SOURCE, AUDIENCES_SOURCE). */
export interface SourceFolder {
  /** Writes `value` as JSON (a string as it is, for malformed files) and returns the file's path. */
  write(name: string, value: unknown): string;
  /** The path of a file in the folder, written or not. */
  path(name: string): string;
}

export function sourceFolder(prefix: string): SourceFolder {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = (name: string) => join(dir, name);
  return {
    path,
    write(name, value) {
      writeFileSync(path(name), typeof value === 'string' ? value : JSON.stringify(value));
      return path(name);
    },
  };
}
