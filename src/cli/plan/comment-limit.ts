// Keeps the plan's comment under GitHub's limit on a comment's body (65,536 characters): every
// detail when it fits, then the details collapsed to field names, then as many rows as fit and a
// count of the rest. Pure functions.
import type { Plan } from "./link-changes.ts";
import { renderMarkdown } from "./markdown.ts";

/** GitHub refuses an issue or pull-request comment body longer than this. */
export const GITHUB_COMMENT_LIMIT = 65_536;

/** What we aim under: a margin for what a pipeline may add around the body. */
export const COMMENT_BUDGET = 65_000;

export interface FittedComment {
  markdown: string;
  /** How much was given up to fit. */
  degraded: "none" | "collapsed" | "truncated";
}

export function fitComment(plan: Plan, budget = COMMENT_BUDGET): FittedComment {
  const full = renderMarkdown(plan, { detail: "full" });
  if (full.length <= budget) return { markdown: full, degraded: "none" };
  const compact = renderMarkdown(plan, { detail: "compact" });
  if (compact.length <= budget) return { markdown: compact, degraded: "collapsed" };
  // The most rows that fit: the length grows with the rows, so bisect.
  let [low, high] = [0, Math.max(plan.links.length, plan.notes.length, plan.policyViolations.length)];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (renderMarkdown(plan, { detail: "compact", maxRows: mid }).length <= budget) low = mid;
    else high = mid - 1;
  }
  return { markdown: renderMarkdown(plan, { detail: "compact", maxRows: low }), degraded: "truncated" };
}
