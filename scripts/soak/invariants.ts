// The invariants the operations soak (scripts/operations-soak.ts) checks after every step: one
// link per declared resource, one owner per link, no link archived that state calls active, no
// live link marked by the stack that its state does not hold. A pure function of the live links,
// the stack's state and the declared names.
import { isTerminal } from "../../src/provider/status-plan.ts";
import { markOf } from "../../src/provider/link-marker.ts";
import { namesResource, parseMark, recordedOwner } from "../../src/provider/owner-mark.ts";
import { orphans } from "../../src/provider/ownership.ts";
import type { Link } from "../../src/sandbox/link.ts";

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  delete?: boolean;
  outputs?: Record<string, unknown>;
}

/** What broke, one sentence each; empty when every invariant holds. */
export function invariantBreaks(input: { stack: string; urns: readonly string[]; links: readonly Link[]; state: readonly StateResource[] }): string[] {
  const breaks: string[] = [];
  const linksById = new Map(input.links.map((link) => [link.id, link]));
  const resources = input.state.filter((resource) => resource.type.endsWith(":PaymentLink") && resource.delete !== true && resource.id);
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));

  for (const urn of input.urns) {
    const resource = byUrn.get(urn);
    const link = resource?.id ? linksById.get(resource.id) : undefined;
    if (!resource) breaks.push(`${urn}: declared, not in state`);
    else if (!link) breaks.push(`${urn}: state holds ${resource.id}, which the API does not have`);
    else {
      const own = parseMark(markOf(link));
      if (!own || !namesResource(own, urn) || own.replaced) breaks.push(`${urn}: its link ${link.id} carries mark ${String(markOf(link))}`);
      if (isTerminal(link.status) && resource.outputs?.["declared_status"] !== "archived") breaks.push(`${urn}: its link ${link.id} is ${link.status}`);
    }
  }
  for (const urn of byUrn.keys()) if (!input.urns.includes(urn)) breaks.push(`${urn}: in state, not declared`);

  const owners = new Map<string, string>();
  for (const resource of resources) {
    const link = linksById.get(resource.id!);
    if (!link) continue;
    if (resource.outputs?.["status"] !== link.status) breaks.push(`${resource.urn}: state says ${String(resource.outputs?.["status"])}, the API ${link.status}`);
    const other = owners.get(link.id);
    if (other) breaks.push(`link ${link.id}: held by ${other} and ${resource.urn}`);
    owners.set(link.id, resource.urn);
  }

  const liveByOwner = new Map<string, string[]>();
  for (const link of input.links) {
    const mark = markOf(link);
    if (mark === undefined || isTerminal(link.status)) continue;
    const owner = parseMark(mark)?.urn ?? mark;
    liveByOwner.set(owner, [...(liveByOwner.get(owner) ?? []), link.id]);
  }
  for (const [owner, ids] of liveByOwner) if (ids.length > 1) breaks.push(`${owner}: ${ids.length} live links carry its mark (${ids.join(", ")})`);
  const scope = { owner: recordedOwner(resources.map((resource) => resource.outputs?.["owner"])), project: input.urns[0]?.split("::")[1] ?? "", stack: input.stack };
  for (const { link, mark } of orphans(input.links, scope, new Set(owners.keys()))) {
    breaks.push(`link ${link.id}: live, marked by ${mark.urn}, held by no state`);
  }
  return breaks;
}
