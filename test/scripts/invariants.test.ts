import { describe, expect, it } from "vitest";
import { invariantBreaks, type StateResource, type StateView } from "../../scripts/soak/invariants.ts";
import type { Link } from "../../src/sandbox/link.ts";

const TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";
const A = "aaaaaaaa-0000-4000-8000-00000000000a";
const B = "bbbbbbbb-0000-4000-8000-00000000000b";
const urn = (name: string, project = "p") => `urn:pulumi:test::${project}::${TYPE}::${name}`;
const mark = (name: string, owner = A, generation = 1, project = "p") => `${urn(name, project)}#${generation}@${owner}`;
const link = (id: string, text: string | undefined, status = "active"): Link =>
  ({ id, status, metadata: text === undefined ? null : { _pulumi_link: text } }) as unknown as Link;
const held = (name: string, id: string, owner = A, project = "p", status = "active"): StateResource => ({
  urn: urn(name, project),
  type: TYPE,
  id,
  outputs: { status, owner },
});
const view = (urns: string[], state: StateResource[], project = "p"): StateView => ({ project, stack: "test", urns, state });
const breaks = (states: StateView[], links: Link[], dashboard: string[] = []) => invariantBreaks({ states, links, dashboard: new Set(dashboard) });

describe("the invariants of the operations soak", () => {
  it("hold for declared links each held and marked, archived old generations and unmarked dashboard links around them", () => {
    const links = [link("a", mark("a")), link("b", mark("b", A, 2)), link("b-old", mark("b"), "archived"), link("d", undefined)];
    expect(breaks([view([urn("a"), urn("b")], [held("a", "a"), held("b", "b")])], links, ["d"])).toEqual([]);
  });

  it("hold for two projects with the same stack name and link names on one instance, each with its own owner id", () => {
    const links = [link("a", mark("a")), link("g", mark("a", B, 1, "garden"))];
    expect(breaks([view([urn("a")], [held("a", "a")]), view([urn("a", "garden")], [held("a", "g", B, "garden")], "garden")], links)).toEqual([]);
  });

  it.each([
    ["a declared link missing from state", [link("a", mark("a"))], [view([urn("a")], [])], [`${urn("a")}: declared, not in state`]],
    [
      "an archived link that state calls active",
      [link("a", mark("a"), "archived")],
      [view([urn("a")], [held("a", "a")])],
      [`${urn("a")}: its link a is archived`, `${urn("a")}: state says active, the API archived`],
    ],
    [
      "a link carrying another resource's mark",
      [link("a", mark("x"))],
      [view([urn("a")], [held("a", "a")])],
      [`${urn("a")}: its link a carries mark ${mark("x")}, not this resource's in state ${A}`],
    ],
    [
      "a link carrying another state's owner id",
      [link("a", mark("a", B))],
      [view([urn("a")], [held("a", "a")])],
      [`${urn("a")}: its link a carries mark ${mark("a", B)}, not this resource's in state ${A}`],
    ],
    [
      "two live links of one resource and owner",
      [link("a", mark("a")), link("a2", mark("a", A, 2))],
      [view([urn("a")], [held("a", "a")])],
      [`${urn("a")}@${A}: 2 live links carry its mark (a, a2)`, `link a2: live, marked by ${urn("a")} (state of project p), held by no state`],
    ],
    [
      "one link held by two states",
      [link("a", mark("a"))],
      [view([urn("a")], [held("a", "a")]), view([urn("a", "garden")], [held("a", "a", B, "garden")], "garden")],
      [
        `${urn("a", "garden")}: its link a carries mark ${mark("a")}, not this resource's in state ${B}`,
        `link a: held by ${urn("a")} and ${urn("a", "garden")}`,
      ],
    ],
    ["an unmarked live link that is no dashboard link", [link("u", undefined)], [view([], [])], ["link u: live and unmarked, and not a dashboard link"]],
  ])("break for %s", (_case, links, states, expected) => {
    expect(breaks(states, links)).toEqual(expected);
  });
});
