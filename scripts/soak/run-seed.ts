// One seed of the operations soak: a fresh world (world.ts: two projects in two backends on one
// payment instance with more than a hundred dashboard links, ties shuffled), then `ops` moves
// (operations.ts), each carried out (run-move.ts) and followed by the invariants over both states.
import { mulberry32 } from "../../src/sandbox/faults.ts";
import { invariantBreaks } from "./invariants.ts";
import { describeMove, expectedWrites, killPoint, nextMove, type Move } from "./operations.ts";
import { runMove } from "./run-move.ts";
import { createWorld, exported, linkUrn, type World } from "./world.ts";

export interface SeedResult {
  seed: number;
  moves: number;
  /** Moves that write (all but payments and refreshes). */
  writing: number;
  killed: number;
  /** Kills that left the move part-done (anything but after its last write was applied). */
  midSequence: number;
  /** The move after which something broke, and what broke. */
  breaks: { step: number; move: string; breaks: string[] }[];
}

/** Random moves of `seed`; or, given `script`, exactly those moves (the short run `npm test` makes). */
export async function runSeed(seed: number, ops: number, log: (line: string) => void = () => {}, script?: readonly Move[]): Promise<SeedResult> {
  const random = mulberry32(seed);
  const world = await createWorld(seed, 3, 110);
  const result: SeedResult = { seed, moves: 0, writing: 0, killed: 0, midSequence: 0, breaks: [] };
  try {
    const total = script?.length ?? ops;
    for (let step = 1; step <= total; step++) {
      const move = script?.[step - 1] ?? nextMove(random, { a: world.stacks.a.declared, b: world.stacks.b.declared }, step);
      const said = describeMove(move, move.kill ? killPoint(move.kill, Math.max(1, expectedWrites(move.kind, false))) : undefined);
      log(`seed ${seed} #${step} ${said} …`);
      let broken: string[];
      try {
        const outcome = await runMove(world, move, step);
        result.moves++;
        if (move.kind !== "pay" && move.kind !== "refresh") result.writing++;
        if (outcome.kill) {
          result.killed++;
          if (outcome.kill.midSequence) result.midSequence++;
          log(`seed ${seed} #${step}: killed at ${outcome.kill.held ?? "(did not land)"}${outcome.kill.midSequence ? ", mid-sequence" : ""}`);
        }
        broken = [...(outcome.broke ? [outcome.broke] : []), ...(await invariants(world))];
      } catch (error) {
        // A command that failed (a refusal where none is due, a run that does not converge) breaks the
        // promise too; the states are then unknown, so the seed stops here.
        const failed = `the move failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`seed ${seed} #${step}: BROKEN: ${failed}`);
        result.breaks.push({ step, move: said, breaks: [failed] });
        break;
      }
      log(`seed ${seed} #${step}: ${broken.length === 0 ? "ok" : `BROKEN: ${broken.join("; ")}`}`);
      if (broken.length > 0) result.breaks.push({ step, move: said, breaks: broken });
    }
  } finally {
    await world.project.dispose();
  }
  return result;
}

async function invariants(world: World): Promise<string[]> {
  const states = await Promise.all(
    Object.values(world.stacks).map(async (stack) => ({
      project: stack.project,
      stack: "test",
      urns: stack.declared.map((link) => linkUrn(stack, link.name)),
      state: await exported(world, stack),
    })),
  );
  return invariantBreaks({ states, links: world.project.sandbox.links(), dashboard: world.dashboard });
}
