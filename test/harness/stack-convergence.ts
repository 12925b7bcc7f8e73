// Convergence (scripts/convergence.ts) of one stack among several sharing one sandbox: the links
// that belong to the stack are those carrying one of its marks or named by its state, so another
// stack's links neither count against it nor hide a duplicate of its own.
import { convergenceReport, type ConvergenceReport, type StateLink } from "../../scripts/convergence.ts";
import { urnOf } from "../../src/link/urn.ts";
import { markOf } from "../../src/provider/link-marker.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import type { Link } from "../../src/sandbox/link.ts";
import type { Runner } from "./campaign-repo.ts";

/** The project name campaign-repo.ts gives `mytpe-links init`. */
export const PROJECT = "payment-links";

/** The stack's state as `mytpe-links pulumi stack export` prints it, read by `runner`. */
export async function exportStack(runner: Runner, stack: string): Promise<StateLink[]> {
  const exported = await runner.mytpeLinks(["pulumi", "stack", "export", "--stack", stack]);
  if (exported.code !== 0) throw new Error(`stack export ${stack} failed:\n${exported.stderr}`);
  return (JSON.parse(exported.stdout) as { deployment: { resources?: StateLink[] } }).deployment.resources ?? [];
}

/** The mark a declared link of `stack` must carry: its resource's URN (scripts/convergence.ts does the same). */
export function markOfDeclared(stack: string, name: string): string {
  return urnOf(stack, PROJECT, PAYMENT_LINK_TYPE, name);
}

export function stackConvergence(input: {
  stack: string;
  declared: Record<string, Record<string, unknown>>;
  links: readonly Link[];
  state: readonly StateLink[];
}): ConvergenceReport {
  const marks = new Set(Object.keys(input.declared).map((name) => markOfDeclared(input.stack, name)));
  const ids = new Set(input.state.map((resource) => resource.id));
  return convergenceReport({
    declared: Object.fromEntries(Object.entries(input.declared).map(([name, spec]) => [name, { status: spec["status"] as string | undefined }])),
    markOf: (name) => markOfDeclared(input.stack, name),
    links: input.links.filter((link) => marks.has(markOf(link) ?? "") || ids.has(link.id)),
    state: input.state,
  });
}
