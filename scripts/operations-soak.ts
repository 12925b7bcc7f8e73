// `npm run soak -- --ops N --seed S [--seeds K]`: the operations soak. Random sequences of what
// users do with Pulumi (scripts/soak/operations.ts: edits, prices, payments, adds, removals,
// `up --replace`, renames, adoptions, hand-offs between two projects, refreshes), on two states that
// share one payment instance, with checkpoints skipped as production runs; a share of the moves
// killed at an exact write (before or after the sandbox applied it) and recovered by a plain `up`,
// `up --plan`, or a plain `up` killed again. After every move: that the kill landed where drawn,
// that the move did what it must, and the invariants over both states (scripts/soak/invariants.ts).
// K seeds from S, N moves each. Exit 1 on any break. A script, not a test
// (test/scripts/operations-soak.test.ts runs a short fixed script of killed moves).
import { parseArgs } from "node:util";
import { runSeed } from "./soak/run-seed.ts";

const { values } = parseArgs({ options: { ops: { type: "string", default: "50" }, seed: { type: "string" }, seeds: { type: "string", default: "1" } } });
const first = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const started = Date.now();
const totals = { moves: 0, writing: 0, killed: 0, midSequence: 0, breaks: 0 };
for (let i = 0; i < Number(values.seeds); i++) {
  const result = await runSeed(first + i, Number(values.ops), (line) => process.stdout.write(`${line}\n`));
  totals.moves += result.moves;
  totals.writing += result.writing;
  totals.killed += result.killed;
  totals.midSequence += result.midSequence;
  totals.breaks += result.breaks.length;
  process.stdout.write(
    `seed ${result.seed}: ${result.moves} moves, ${result.killed} killed (${result.midSequence} mid-sequence), ${result.breaks.length} break(s)\n`,
  );
}
const share = totals.writing === 0 ? 0 : Math.round((100 * totals.midSequence) / totals.writing);
process.stdout.write(
  `operations soak: ${values.seeds} seed(s) from ${first}, ${totals.moves} moves (${totals.writing} writing), ` +
    `${totals.killed} killed, ${totals.midSequence} mid-sequence (${share}% of writing moves), ${totals.breaks} break(s), ${Math.round((Date.now() - started) / 1000)} s\n`,
);
process.exitCode = totals.breaks === 0 ? 0 : 1;
