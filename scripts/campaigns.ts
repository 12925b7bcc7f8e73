// `npx tsx scripts/campaigns.ts [--stacks 5] [--links 200] [--latency-ms 0]`: many campaigns side
// by side (issue #15). N stacks of one campaign repository, each with its own link file, run
// `mytpe-links up` at the same time from N clones against one throw-away PostgreSQL backend and
// one sandbox; then checks that each converged and touched no other stack's link, and prints the
// figures: wall time, each run's time and API calls, rows and bytes in the backend.
import { parseArgs } from "node:util";
import { converged, reportLines } from "./convergence.ts";
import { runParallelCampaigns } from "../test/harness/parallel-campaigns.ts";

const { values } = parseArgs({
  options: { stacks: { type: "string", default: "5" }, links: { type: "string", default: "200" }, "latency-ms": { type: "string", default: "0" } },
});
const stacks = Number(values.stacks);
const links = Number(values.links);
log(`campaigns: ${stacks} stacks × ${links} links, mytpe-links up in parallel, one PostgreSQL backend, one sandbox (latency ${values["latency-ms"]} ms)`);
const result = await runParallelCampaigns({ stacks, links, latencyMs: Number(values["latency-ms"]) });
try {
  let ok = true;
  for (const run of result.runs) {
    log(`  ${run.stack}: exit ${run.code}, ${seconds(run.ms)}, ${run.reads} reads + ${run.writes} writes, ${run.foreign.length} calls on other stacks' links`);
    for (const line of reportLines(`  ${run.stack}`, run.report)) log(line);
    ok &&= run.code === 0 && converged(run.report) && run.foreign.length === 0;
    if (run.code !== 0) log(run.output.slice(-2000));
  }
  const calls = result.runs.reduce((sum, run) => sum + run.reads + run.writes, 0);
  const writes = result.runs.reduce((sum, run) => sum + run.writes, 0);
  log(`wall time ${seconds(result.wallMs)} for ${stacks * links} links; API calls ${calls} (${writes} writes)`);
  log(
    `backend: ${result.backend.rows} rows, ${kib(result.backend.dataBytes)} of data, table on disk ${kib(result.backend.tableBytes)} ` +
      `(per stack: its checkpoint, .bak, one backup and one history pair per update; ${(await result.team.pg.query("SELECT key FROM pulumi_state WHERE key LIKE '%/locks/%'")).split("\n").filter(Boolean).length} lock rows)`,
  );
  log(ok ? "campaigns: ALL CONVERGED, NO CROSS-STACK CALL" : "campaigns: FAILED");
  process.exitCode = ok ? 0 : 1;
} finally {
  await result.team.dispose();
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
