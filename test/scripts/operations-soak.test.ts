// A short fixed script of the operations soak (scripts/operations-soak.ts) through the real CLI: two
// projects in two backends on one payment instance with more than a hundred dashboard links, every
// command with checkpoints skipped, and moves killed at exact writes — after the sandbox applied a
// write and before it answered, or before it applied it — then recovered by a plain `up`, by
// `up --plan` with the plan made before the kill, or by a plain `up` killed again. Each kill is
// asserted to have landed where drawn, each move to have done what it must, and the invariants to
// hold over both states after every move. The long run is `npm run soak -- --ops N --seed S --seeds K`.
import { describe, expect, it } from "vitest";
import type { Move } from "../../scripts/soak/operations.ts";
import { runSeed } from "../../scripts/soak/run-seed.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

/** `at`: where among the move's writes the kill strikes (write 1 + ⌊at × writes⌋). */
const SCRIPT: Move[] = [
  { stack: "a", kind: "add", name: "link-10", kill: { at: 0, applied: true, recovery: "plain" } },
  { stack: "a", kind: "pay", name: "link-02" },
  { stack: "a", kind: "price", name: "link-02", kill: { at: 0.4, applied: false, recovery: "plain" } },
  { stack: "b", kind: "replace", name: "link-01", kill: { at: 0.9, applied: false, recovery: "plan" } },
  { stack: "b", kind: "title", name: "link-02", kill: { at: 0, applied: true, recovery: "twice" } },
  { stack: "a", kind: "rename", name: "link-03", to: "link-11", kill: { at: 0, applied: false, recovery: "plain" } },
  { stack: "a", kind: "handoff", name: "link-10", to: "link-12", kill: { at: 0, applied: true, recovery: "plain" } },
  { stack: "b", kind: "adopt", name: "link-13", kill: { at: 0, applied: false, recovery: "plan" } },
  { stack: "b", kind: "remove", name: "link-03", kill: { at: 0, applied: true, recovery: "plain" } },
  { stack: "a", kind: "price", name: "link-01", kill: { at: 0, applied: true, recovery: "plan" } },
];

describe("the operations soak, a fixed script of killed moves", () => {
  it(
    "lands every kill where drawn, does what each move must, and keeps one owner per link across two states",
    async () => {
      const lines: string[] = [];
      const result = await runSeed(1, SCRIPT.length, (line) => lines.push(line), SCRIPT);
      expect(result.breaks, lines.join("\n")).toEqual([]);
      expect(result.moves, lines.join("\n")).toBe(SCRIPT.length);
      expect(result.killed).toBe(9);
      // Killed part-way: the add after its create, the repricing and the replacement before their last
      // write, the rename and the adoption before their only write was applied.
      expect(result.midSequence).toBe(5);
    },
    stepTimeout(180_000),
  );
});
