// `npm run soak:faults`: provisions many links through the real CLI against a sandbox that fails 20% of
// requests (errors, dropped connections, and responses lost after the write; with --with-429, a
// third of the failures are 429s with Retry-After instead), repeats `pulumi up`
// until nothing changes, then checks: exactly one live marked link per declaration, no
// duplicate, no orphaned draft, state equal to the live API. A script, not a test: it takes
// minutes. Replay a run with the seed it prints.
import { parseArgs } from "node:util";
import { converged, faultShares, projectConvergence, reportLines } from "./convergence.ts";
import { createE2eProject, linksYaml } from "../test/harness/temp-project.ts";

const { values } = parseArgs({
  options: {
    links: { type: "string", default: "200" },
    "fault-rate": { type: "string", default: "0.2" },
    seed: { type: "string" },
    "max-runs": { type: "string", default: "25" },
    "with-429": { type: "boolean", default: false },
  },
});
const count = Number(values.links);
const faultRate = Number(values["fault-rate"]);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const maxRuns = Number(values["max-runs"]);

const started = Date.now();
const project = await createE2eProject();
try {
  const declared: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < count; i++) {
    declared[`soak-${i}`] = {
      title: `Soak link ${i}`,
      amount_mode: "fixed",
      amount: 100 + i,
      usage_mode: i % 3 === 0 ? "one_shot" : "reusable",
      ...(i % 10 === 0 ? { status: "paused" } : {}),
    };
  }
  project.writeLinks(linksYaml(project.sandbox.instances.ready, declared));
  // A share of the failures each: 5xx, connection dropped before, response lost after the write
  // (and with --with-429, a third of them a 429 with Retry-After: 1).
  project.sandbox.setFaults(faultShares(faultRate, values["with-429"], seed));
  log(`soak: ${count} links, faults on ${faultRate * 100}% of API requests${values["with-429"] ? " (a third of them 429s)" : ""}, seed ${seed}`);

  let runs = 0;
  for (; runs < maxRuns; runs++) {
    const up = await project.pulumi(["up", "--yes", "--skip-preview"]);
    if (runs === 0) log(`soak: first up ${up.code === 0 ? "CONVERGED in one run" : "did not converge"}`);
    const summary = /Resources:\n([\s\S]*?)\n\n/.exec(up.stdout)?.[1]?.replace(/\s+/g, " ").trim() ?? "";
    log(`soak: up #${runs + 1} exited ${up.code} (${summary || "no summary"})`);
    if (up.code === 0) {
      const check = await project.pulumi(["preview", "--expect-no-changes"]);
      if (check.code === 0) break;
    }
  }

  const injected = project.sandbox.faults().injected;
  project.sandbox.setFaults({});
  const report = await projectConvergence(project, declared);
  log(`soak: faults injected ${JSON.stringify(injected)}`);
  log(`soak: ${runs + 1} runs of pulumi up in ${Math.round((Date.now() - started) / 1000)} s`);
  for (const line of reportLines("soak", report)) log(line);
  process.exitCode = converged(report) ? 0 : 1;
} finally {
  await project.dispose();
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
