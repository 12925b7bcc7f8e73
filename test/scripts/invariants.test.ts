import { describe, expect, it } from "vitest";
import { invariantBreaks, type StateResource } from "../../scripts/soak/invariants.ts";
import type { Link } from "../../src/sandbox/link.ts";

const TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";
const urn = (name: string) => `urn:pulumi:test::p::${TYPE}::${name}`;
const link = (id: string, mark: string | undefined, status = "active"): Link => ({ id, status, metadata: mark === undefined ? null : { _pulumi_link: mark } }) as unknown as Link;
const held = (name: string, id: string, status = "active"): StateResource => ({ urn: urn(name), type: TYPE, id, outputs: { status } });

describe("the invariants of the operations soak", () => {
  it("hold for declared links each held and marked, archived old generations and unmarked dashboard links around them", () => {
    const links = [link("a", urn("a")), link("b", `${urn("b")}#2`), link("b-old", urn("b"), "archived"), link("d", undefined)];
    expect(invariantBreaks({ stack: "test", urns: [urn("a"), urn("b")], links, state: [held("a", "a"), held("b", "b")] })).toEqual([]);
  });

  it.each([
    ["a declared link missing from state", [link("a", urn("a"))], [], [urn("a")], [`${urn("a")}: declared, not in state`, `link a: live, marked by ${urn("a")}, held by no state`]],
    ["an archived link that state calls active", [link("a", urn("a"), "archived")], [held("a", "a")], [urn("a")], [`${urn("a")}: its link a is archived`, `${urn("a")}: state says active, the API archived`]],
    ["a link carrying another resource's mark", [link("a", urn("x"))], [held("a", "a")], [urn("a")], [`${urn("a")}: its link a carries mark ${urn("x")}`]],
    ["two live links of one owner", [link("a", urn("a")), link("a2", `${urn("a")}#2`)], [held("a", "a")], [urn("a")], [`${urn("a")}: 2 live links carry its mark (a, a2)`, `link a2: live, marked by ${urn("a")}, held by no state`]],
    ["one link held by two resources", [link("a", urn("a"))], [held("a", "a"), held("b", "a")], [urn("a"), urn("b")], [`${urn("b")}: its link a carries mark ${urn("a")}`, `link a: held by ${urn("a")} and ${urn("b")}`]],
  ])("break for %s", (_case, links, state, urns, expected) => {
    expect(invariantBreaks({ stack: "test", urns, links, state })).toEqual(expected);
  });
});
