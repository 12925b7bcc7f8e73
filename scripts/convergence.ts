// Whether provisioning converged: the live links, the declarations and the state agree, with no
// duplicate and no orphaned draft. Used by the soak and crash runs (tools/soak.ts,
// tools/crash-test.ts); a pure function of what the sandbox and `pulumi stack export` hold.
import { markOf } from "../src/provider/link-marker.ts";
import { namesResource, parseMark } from "../src/provider/owner-mark.ts";
import { urnOf } from "../src/link/urn.ts";
import { PAYMENT_LINK_TYPE } from "../src/provider/protocol.ts";
import type { FaultConfig } from "../src/sandbox/fault-config.ts";
import type { Link } from "../src/sandbox/link.ts";

export interface StateLink {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, unknown>;
}

export interface ConvergenceReport {
  /** Declared links. */
  declared: number;
  /** Links not archived, i.e. still able to take money or be published. */
  live: number;
  /** Live links carrying a mark. */
  marked: number;
  /** Marks held by more than one live link. */
  duplicates: string[];
  /** Drafts that were not declared as drafts: created, then forgotten. */
  orphanDrafts: string[];
  /** Declared names with no live link, or state entries that disagree with the API. */
  mismatches: string[];
}

export function convergenceReport(input: {
  /** Declared link names, with the status each asks for. */
  declared: Record<string, { status?: string | undefined }>;
  /** The mark of a declared name (`<project>/<stack>/<name>`). */
  markOf: (name: string) => string;
  links: readonly Link[];
  state: readonly StateLink[];
}): ConvergenceReport {
  const live = input.links.filter((link) => link.status !== "archived");
  const byMark = new Map<string, Link[]>();
  for (const link of live) {
    // Grouped by owner: a replacement's links carry one owner's marks of successive generations.
    const mark = markOf(link);
    const owner = parseMark(mark)?.urn;
    if (owner) byMark.set(owner, [...(byMark.get(owner) ?? []), link]);
  }
  const duplicates = [...byMark.entries()].filter(([, links]) => links.length > 1).map(([mark]) => mark);

  const wantedDraft = new Set(
    Object.entries(input.declared)
      .filter(([, spec]) => spec.status === "draft")
      .map(([name]) => input.markOf(name)),
  );
  const orphanDrafts = live
    .filter((link) => link.status === "draft" && !wantedDraft.has(parseMark(markOf(link))?.urn ?? ""))
    .map((link) => `${link.id} (${markOf(link) ?? "unmarked"})`);

  const mismatches: string[] = [];
  const stateByName = new Map(
    input.state.filter((resource) => resource.type === PAYMENT_LINK_TYPE).map((resource) => [resource.urn.split("::").pop() ?? "", resource]),
  );
  const linksById = new Map(input.links.map((link) => [link.id, link]));
  for (const [name, spec] of Object.entries(input.declared)) {
    const resource = stateByName.get(name);
    const link = resource?.id ? linksById.get(resource.id) : undefined;
    if (!resource) mismatches.push(`${name}: not in state`);
    else if (!link) mismatches.push(`${name}: state names ${resource.id}, which the API does not have`);
    else {
      if (link.status !== (spec.status ?? "active")) mismatches.push(`${name}: live status ${link.status}, declared ${spec.status ?? "active"}`);
      if (resource.outputs?.["status"] !== link.status) mismatches.push(`${name}: state says ${String(resource.outputs?.["status"])}, the API ${link.status}`);
      const own = parseMark(markOf(link));
      if (!own || !namesResource(own, input.markOf(name)) || own.replaced) mismatches.push(`${name}: link ${link.id} carries mark ${String(markOf(link))}`);
    }
  }
  for (const name of stateByName.keys()) if (!(name in input.declared)) mismatches.push(`${name}: in state but not declared`);

  return {
    declared: Object.keys(input.declared).length,
    live: live.length,
    marked: [...byMark.values()].reduce((sum, links) => sum + links.length, 0),
    duplicates,
    orphanDrafts,
    mismatches,
  };
}

/** Converged: one live marked link per declaration, nothing else, and state agreeing. */
export function converged(report: ConvergenceReport): boolean {
  return (
    report.live === report.declared &&
    report.marked === report.declared &&
    report.duplicates.length === 0 &&
    report.orphanDrafts.length === 0 &&
    report.mismatches.length === 0
  );
}

/** The report as the soak and crash runs print it: a summary line, the first problems, a verdict. */
export function reportLines(run: string, report: ConvergenceReport): string[] {
  return [
    `${run}: declared ${report.declared}, live ${report.live}, marked ${report.marked}, duplicates ${report.duplicates.length}, ` +
      `orphan drafts ${report.orphanDrafts.length}, state mismatches ${report.mismatches.length}`,
    ...[...report.duplicates, ...report.orphanDrafts, ...report.mismatches].slice(0, 20).map((line) => `  ${line}`),
    converged(report) ? `${run}: CONVERGED` : `${run}: NOT CONVERGED`,
  ];
}

/** Convergence of a temp project's `test` stack (tools/temp-project.ts) against its sandbox. */
export async function projectConvergence(
  project: { sandbox: { links(): Link[] }; exportStack(): Promise<{ deployment: { resources: StateLink[] } }> },
  declared: Record<string, Record<string, unknown>>,
): Promise<ConvergenceReport> {
  return convergenceReport({
    declared: Object.fromEntries(Object.entries(declared).map(([name, spec]) => [name, { status: spec["status"] as string | undefined }])),
    markOf: (name) => urnOf("test", "mytpe-links", PAYMENT_LINK_TYPE, name),
    links: project.sandbox.links(),
    state: (await project.exportStack()).deployment.resources,
  });
}

/** The sandbox's fault config for `rate` of failed requests, a third of them 429s when `with429`. */
export function faultShares(rate: number, with429: boolean, seed: number): FaultConfig {
  const share = with429 ? rate / 3 : 0;
  const rest = (rate - share) / 3;
  return { error_rate: rest, drop_rate: rest, lost_response_rate: rest, throttle_rate: share, seed };
}
