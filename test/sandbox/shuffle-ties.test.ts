// The `shuffle_ties` fault: lists sort created_at at whole seconds, as the real API stores it, and
// order the links of one second anew on every request, while different seconds keep their order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LinkListItem } from "../../src/sandbox/link.ts";
import { startHarness, type Harness } from "./harness.ts";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  // Ten links in one second (100 ms apart), then one a second later.
  for (let i = 0; i < 10; i++) {
    await h.createLink({ title: `Same second ${i}` });
    h.advance(100);
  }
  h.advance(1_000);
  await h.createLink({ title: "Next second" });
});
afterAll(async () => {
  await h.stop();
});

const order = async () => ((await h.api("GET", "/links?sort_by=created_at&sort_dir=asc&per_page=100")).body.data as LinkListItem[]).map((link) => link.title);

describe("the shuffle_ties fault", () => {
  it("is off by default: links of one second come in one order, by their microseconds", async () => {
    expect(await order()).toEqual([...Array.from({ length: 10 }, (_, i) => `Same second ${i}`), "Next second"]);
  });

  it("orders the links of one second anew on each request, after which the next second still comes", async () => {
    h.sandbox.setFaults({ shuffle_ties: true, seed: 3 });
    const orders = [await order(), await order(), await order()];
    for (const titles of orders) {
      expect(titles.at(-1)).toBe("Next second");
      expect(new Set(titles).size).toBe(11);
    }
    expect(new Set(orders.map((titles) => titles.join()))).toHaveProperty("size", 3);
    h.sandbox.setFaults({});
  });

  it("is refused when not a boolean", () => {
    expect(() => h.sandbox.setFaults({ shuffle_ties: "yes" as unknown as boolean })).toThrow("The shuffle ties field must be true or false.");
  });
});
