// One format for validation problems, wherever a schema refuses something (pure: takes zod's issues, not zod).

/** The part of a zod issue the format needs (structural, so workflow code never imports zod). */
export interface Issue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * One line per issue, `path.to.field: message`, Discord's dotted style; `root` names an issue about the whole value.
 * @example formatIssues(result.error.issues) // ['embeds.0.title: Too big: expected string to have <=256 characters']
 */
export function formatIssues(issues: readonly Issue[], root = '(root)'): string[] {
  return issues.map((issue) => `${issue.path.map(String).join('.') || root}: ${issue.message}`);
}
