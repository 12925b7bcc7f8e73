// One seed of the operations soak: a fresh project (stack `test`, the in-process sandbox, ties in
// listings shuffled), three links made by one `up`, then `ops` moves (operations.ts), the
// invariants checked after each.
import { mulberry32 } from "../../src/sandbox/faults.ts";
import { createCliProject } from "../../test/cli/links/cli-project.ts";
import { invariantBreaks } from "./invariants.ts";
import { applyOperation, describeOperation, nextOperation, PROGRAM, linkUrn, write, type Declared } from "./operations.ts";

export interface SeedResult {
  seed: number;
  operations: number;
  /** The move after which each invariant broke, and what broke. */
  breaks: { step: number; operation: string; breaks: string[] }[];
}

export async function runSeed(seed: number, ops: number, log: (line: string) => void = () => {}): Promise<SeedResult> {
  const random = mulberry32(seed);
  const project = await createCliProject({ program: PROGRAM });
  // Links made within one second are listed in a different order on each request, as the real API
  // may order them (created_at is stored to the second): no search for a mark may rely on order.
  project.sandbox.setFaults({ shuffle_ties: true, seed });
  const result: SeedResult = { seed, operations: 0, breaks: [] };
  try {
    let declared: Declared[] = [1, 2, 3].map((i) => ({ name: `link-0${i}`, title: `Link 0${i}`, amount: 1000 * i }));
    write(project, declared);
    await project.run(["up", "--yes", "--skip-preview"]);
    for (let step = 1; step <= ops; step++) {
      const operation = nextOperation(random, declared, step);
      log(`seed ${seed} #${step} ${describeOperation(operation)} …`);
      try {
        declared = await applyOperation(project, operation, declared, step);
      } catch (error) {
        // A command that failed (a refusal where none is due, a run that does not converge) breaks
        // the promise too; the stack's state is then unknown, so the seed stops here.
        const failed = `the move failed: ${error instanceof Error ? error.message : String(error)}`;
        log(`seed ${seed} #${step}: BROKEN: ${failed}`);
        result.breaks.push({ step, operation: describeOperation(operation), breaks: [failed] });
        break;
      }
      result.operations++;
      const breaks = invariantBreaks({
        stack: "test",
        urns: declared.map((link) => linkUrn(link.name)),
        links: project.sandbox.links(),
        state: (await project.exportStack()).deployment.resources,
      });
      log(`seed ${seed} #${step}: ${breaks.length === 0 ? "ok" : `BROKEN: ${breaks.join("; ")}`}`);
      if (breaks.length > 0) result.breaks.push({ step, operation: describeOperation(operation), breaks });
    }
  } finally {
    await project.dispose();
  }
  return result;
}
