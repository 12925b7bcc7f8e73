// A short run of the operations soak (scripts/operations-soak.ts) through the real CLI: random
// moves and kills on a small stack, the invariants checked after every move. The long run is
// `npm run soak -- --ops N --seed S --seeds K`.
import { describe, expect, it } from "vitest";
import { runSeed } from "../../scripts/soak/run-seed.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

describe("the operations soak, short", () => {
  // Seeds whose five moves kill a rename, a hand-off, replacements and an adoption part-way.
  it.each([8, 16, 18])("keeps one link per declaration and one owner per link through five random moves of seed %i", async (seed) => {
    const lines: string[] = [];
    const result = await runSeed(seed, 5, (line) => lines.push(line));
    expect(result.breaks, lines.join("\n")).toEqual([]);
    expect(result.operations, lines.join("\n")).toBe(5);
  }, stepTimeout(67_000));
});
