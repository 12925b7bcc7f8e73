// `npm run soak -- --ops N --seed S [--seeds K]`: the operations soak. Random sequences of what
// users do with Pulumi (scripts/soak/operations.ts: edits, prices, payments, adds, removals,
// `up --replace`, renames, adoptions, hand-offs, refreshes, and kills part-way through any of them), through
// the real CLI against the sandbox, each checked against the invariants of one link per
// declaration and one owner per link (scripts/soak/invariants.ts). K seeds from S, N moves each.
// Exit 1 on any break. A script, not a test (test/scripts/operations-soak.test.ts runs a short one).
import { parseArgs } from "node:util";
import { runSeed } from "./soak/run-seed.ts";

const { values } = parseArgs({ options: { ops: { type: "string", default: "50" }, seed: { type: "string" }, seeds: { type: "string", default: "1" } } });
const first = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const started = Date.now();
let operations = 0;
let broken = 0;
for (let i = 0; i < Number(values.seeds); i++) {
  const result = await runSeed(first + i, Number(values.ops), (line) => process.stdout.write(`${line}\n`));
  operations += result.operations;
  broken += result.breaks.length;
}
process.stdout.write(
  `operations soak: ${values.seeds} seed(s) from ${first}, ${operations} operations, ${broken} invariant break(s), ${Math.round((Date.now() - started) / 1000)} s\n`,
);
process.exitCode = broken === 0 ? 0 : 1;
