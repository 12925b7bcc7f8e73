// The invariants the operations soak (scripts/operations-soak.ts) checks after every move, over every
// state that shares the payment instance (two projects, two backends): one live link per declared
// resource, marked with its resource and its state's owner id; one owner per link, across states;
// no link archived that state calls active; no live link a state marked that no state holds; no
// unmarked live link but the dashboard's own, not adopted yet. A pure function of the live links
// and the states.
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

/** One state: its project and stack, the URNs its program declares, and its exported resources. */
export interface StateView {
  project: string;
  stack: string;
  urns: readonly string[];
  state: readonly StateResource[];
}

/** What broke, one sentence each; empty when every invariant holds. `dashboard`: links made in the dashboard, unmarked until adopted. */
export function invariantBreaks(input: { states: readonly StateView[]; links: readonly Link[]; dashboard: ReadonlySet<string> }): string[] {
  const breaks: string[] = [];
  const linksById = new Map(input.links.map((link) => [link.id, link]));
  const holders = new Map<string, string>();
  for (const view of input.states) breaks.push(...stateBreaks(view, linksById, holders));

  const liveByMark = new Map<string, string[]>();
  for (const link of input.links) {
    if (isTerminal(link.status)) continue;
    const mark = parseMark(markOf(link));
    if (mark === undefined) {
      if (!input.dashboard.has(link.id)) breaks.push(`link ${link.id}: live and unmarked, and not a dashboard link`);
      continue;
    }
    const key = `${mark.urn}@${mark.owner ?? "-"}`;
    liveByMark.set(key, [...(liveByMark.get(key) ?? []), link.id]);
  }
  for (const [key, ids] of liveByMark) if (ids.length > 1) breaks.push(`${key}: ${ids.length} live links carry its mark (${ids.join(", ")})`);
  for (const view of input.states) {
    const resources = held(view.state);
    const scope = { owner: recordedOwner(resources.map((resource) => resource.outputs?.["owner"])), project: view.project, stack: view.stack };
    for (const { link, mark } of orphans(input.links, scope, new Set(holders.keys()))) {
      breaks.push(`link ${link.id}: live, marked by ${mark.urn} (state of project ${view.project}), held by no state`);
    }
  }
  return breaks;
}

function held(state: readonly StateResource[]): StateResource[] {
  return state.filter((resource) => resource.type.endsWith(":PaymentLink") && resource.delete !== true && resource.id);
}

/** One state's breaks; `holders` collects which resource holds each link, across states. */
function stateBreaks(view: StateView, linksById: ReadonlyMap<string, Link>, holders: Map<string, string>): string[] {
  const breaks: string[] = [];
  const resources = held(view.state);
  const byUrn = new Map(resources.map((resource) => [resource.urn, resource]));
  for (const urn of view.urns) {
    const resource = byUrn.get(urn);
    const link = resource?.id ? linksById.get(resource.id) : undefined;
    if (!resource) breaks.push(`${urn}: declared, not in state`);
    else if (!link) breaks.push(`${urn}: state holds ${resource.id}, which the API does not have`);
    else {
      const mark = parseMark(markOf(link));
      const owner = resource.outputs?.["owner"];
      if (!mark || !namesResource(mark, urn) || mark.replaced || (mark.owner !== undefined && mark.owner !== owner)) {
        breaks.push(`${urn}: its link ${link.id} carries mark ${String(markOf(link))}, not this resource's in state ${String(owner)}`);
      }
      if (isTerminal(link.status) && resource.outputs?.["declared_status"] !== "archived") breaks.push(`${urn}: its link ${link.id} is ${link.status}`);
    }
  }
  for (const urn of byUrn.keys()) if (!view.urns.includes(urn)) breaks.push(`${urn}: in state, not declared`);
  for (const resource of resources) {
    const link = linksById.get(resource.id!);
    if (!link) continue;
    if (resource.outputs?.["status"] !== link.status)
      breaks.push(`${resource.urn}: state says ${String(resource.outputs?.["status"])}, the API ${link.status}`);
    const other = holders.get(link.id);
    if (other) breaks.push(`link ${link.id}: held by ${other} and ${resource.urn}`);
    holders.set(link.id, resource.urn);
  }
  return breaks;
}
