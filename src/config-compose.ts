// How a process's one environment schema is made of shared parts (src/config-parts.ts): each part reads the variables
// it needs from the same environment, every part is checked even when another fails, and the output type is inferred
// from the parts. Pure: no environment access.
import { z } from 'zod';
import { formatIssues, isRecord } from './vocabulary';

/** The environment as a process sees it: variable names to values (`process.env`, merged over `.env`). */
export type Env = Readonly<Record<string, string | undefined>>;

/** A part: a schema over the whole environment producing one group of settings. */
export type EnvPart = z.ZodType;

/** What a set of parts produces: each part's output under its name. */
export type PartsOutput<P extends Record<string, EnvPart>> = { [K in keyof P]: z.output<P[K]> };

/** The environment itself: an object of variable names, values kept as they are for the parts to read. */
export const EnvironmentSchema = z.custom<Env>(isRecord, { error: 'the environment must be an object' });

/**
 * Reports problems that name their variable themselves (`TEMPORAL_CODEC_KEY: must be ...`) from a part's transform;
 * {@link problemLines} prints them as they are.
 */
export function addProblems(ctx: z.RefinementCtx, problems: readonly string[]): void {
  for (const problem of problems) ctx.addIssue({ code: 'custom', message: problem, path: [] });
}

/** One line per problem: `VARIABLE: problem` (a zod issue's path is the variable; a problem without one names it). */
export function problemLines(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => (issue.path.length === 0 ? issue.message : formatIssues([issue])[0]!));
}

/**
 * One schema from parts: every part checks the same environment, all their problems are reported together (a line
 * two parts share, once), and the output holds each part's settings under its name.
 */
export function composeEnv<P extends Record<string, EnvPart>>(parts: P) {
  return EnvironmentSchema.transform((env, ctx): PartsOutput<P> => {
    const output: Record<string, unknown> = {};
    const seen = new Set<string>();
    for (const [name, part] of Object.entries(parts)) {
      const result = part.safeParse(env);
      if (result.success) {
        output[name] = result.data;
        continue;
      }
      for (const issue of result.error.issues) {
        const line = problemLines([issue])[0]!;
        if (seen.has(line)) continue;
        seen.add(line);
        ctx.addIssue({ code: 'custom', message: issue.message, path: [...issue.path] });
      }
    }
    return output as PartsOutput<P>;
  });
}
