import { describe, expect, it } from "vitest";
import { heldLinks } from "../../src/provider/saved-state.ts";

describe("the links a saved state holds", () => {
  it("maps each resource's URN to its id, leaving out the old half of a replacement and resources without an id", () => {
    const exported = {
      deployment: {
        resources: [
          { urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s" },
          { urn: "urn:pulumi:s::p::t::a", id: "new" },
          { urn: "urn:pulumi:s::p::t::a", id: "old", delete: true },
          { urn: "urn:pulumi:s::p::t::b", id: "" },
        ],
      },
    };
    expect([...heldLinks(exported)]).toEqual([["urn:pulumi:s::p::t::a", "new"]]);
  });

  it("reads a stack never updated as holding nothing", () => {
    expect(heldLinks({ version: 3, deployment: {} }).size).toBe(0);
    expect(heldLinks(null).size).toBe(0);
  });
});
