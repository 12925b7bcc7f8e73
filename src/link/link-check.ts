// Runs inside the Pulumi provider host (in `check`) as well as in the program: a declared link checked
// against the one schema (link-spec.ts), every problem at once, one per field and mistake, in the
// words `mytpe-links check`, `pulumi preview` and the editor schema all use.
import { LinkSpec, unknownFieldMessage } from "./link-spec.ts";
// The public signature names the plain type, so a user's `tsc` never reads zod's declarations.
import type { LinkSpec as PlainLinkSpec } from "./link-spec-types.ts";

/** One thing wrong with a declared link. */
export interface LinkProblem {
  /** Field path inside the link, e.g. `["amount"]` or `["allowed_payers", 2]`; empty for the link itself. */
  path: (string | number)[];
  /** What is wrong and what is expected, e.g. `required when usage_mode is limited`. */
  message: string;
  /** True for an unknown field: the problem is the key itself, not its value. */
  onKey?: true;
}

/**
 * Checks a declared link, from YAML or TypeScript alike: every problem at once (types, formats,
 * modes, unknown keys with a "did you mean" hint), one per field and mistake, or the normalised spec.
 */
export function checkLink(value: unknown): { ok: true; spec: PlainLinkSpec } | { ok: false; problems: LinkProblem[] } {
  const parsed = LinkSpec.safeParse(value);
  if (parsed.success) return { ok: true, spec: parsed.data };

  const issues = parsed.error.issues;
  // A field its mode forbids is reported as such; what else is wrong with its value is moot.
  const forbidden = new Set(issues.filter((issue) => issue.code === "custom" && issue.params?.["rule"] === "forbids").map((issue) => String(issue.path[0])));
  const problems: LinkProblem[] = [];
  const seen = new Set<string>();
  const add = (problem: LinkProblem) => {
    const key = `${problem.path.join("\u0000")}\u0001${problem.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push(problem);
  };
  for (const issue of issues) {
    const path = issue.path.filter((segment): segment is string | number => typeof segment !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add({ path: [...path, key], message: unknownFieldMessage(key), onKey: true });
      continue;
    }
    const isForbid = issue.code === "custom" && issue.params?.["rule"] === "forbids";
    if (!isForbid && path.length > 0 && forbidden.has(String(path[0]))) continue;
    add({ path, message: issue.message, ...(issue.code === "custom" && issue.params?.["onKey"] ? { onKey: true as const } : {}) });
  }
  return { ok: false, problems };
}

/**
 * Every problem of a declared link, in the order of its fields' checks; empty when it is valid.
 * The provider's `check` maps these to `{ property: path.join("."), reason: message }`.
 */
export function linkProblems(value: unknown): LinkProblem[] {
  const result = checkLink(value);
  return result.ok ? [] : result.problems;
}
