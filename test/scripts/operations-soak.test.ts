// A short run of the operations soak (scripts/operations-soak.ts) through the real CLI: random
// moves and kills on a small stack, the invariants checked after every move. The long run is
// `npm run soak -- --ops N --seed S --seeds K`.
import { describe, expect, it } from "vitest";
import { runSeed } from "../../scripts/soak/run-seed.ts";

describe("the operations soak, short", () => {
  it("keeps one link per declaration and one owner per link through eight random moves of seed 7", async () => {
    const lines: string[] = [];
    const result = await runSeed(7, 8, (line) => lines.push(line));
    expect(result.operations, lines.join("\n")).toBe(8);
    expect(result.breaks, lines.join("\n")).toEqual([]);
  }, 900_000);
});
