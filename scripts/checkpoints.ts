// `npx tsx scripts/checkpoints.ts [--links 500] [--latency-ms 0]`: checkpoints with a shared
// PostgreSQL backend (issue #15). For PULUMI_SKIP_CHECKPOINTS=true (the project's default) and
// =false (the state written after every step), through `mytpe-links up` from a campaign clone:
// 1. an `up` of N links: wall time, API calls, state writes (rows inserted or updated), WAL bytes;
// 2. an `up` of N links killed (SIGKILL, whole process tree) after N API writes, i.e. mid-run:
//    what the state row and the lock row hold then; the documented recovery (`pulumi cancel`,
//    then `pulumi up --refresh`), its calls, and whether it converges exactly (one live marked
//    link per declaration, no duplicate, no orphaned draft, state equal to the API, and a
//    preview with no changes).
import { parseArgs } from "node:util";
import { converged, reportLines } from "./convergence.ts";
import type { ApiProxy } from "../test/harness/api-proxy.ts";
import { backendRows, checkpointOf, lockRows } from "../test/harness/backend-table.ts";
import type { Runner } from "../test/harness/campaign-repo.ts";
import { exportStack, stackConvergence } from "../test/harness/stack-convergence.ts";
import { declaredLinks, linkFile, startTeam, type Team } from "../test/harness/team.ts";

const { values } = parseArgs({ options: { links: { type: "string", default: "500" }, "latency-ms": { type: "string", default: "0" } } });
const count = Number(values.links);
const latency = Number(values["latency-ms"]);
const MODES = { skip: "true", write: "false" } as const;
const stacks = Object.keys(MODES).flatMap((mode) => [`full-${mode}`, `killed-${mode}`]);
const declared = Object.fromEntries(stacks.map((stack) => [stack, declaredLinks(stack, count)]));

log(`checkpoints: ${count} links per up, PostgreSQL backend, sandbox latency ${latency} ms`);
const team = await startTeam({
  stacks: Object.fromEntries(stacks.map((stack) => [stack, [`links/${stack}.yaml`]])),
  files: Object.fromEntries(stacks.map((stack) => [`links/${stack}.yaml`, linkFile(declared[stack] ?? {})])),
});
let ok = true;
try {
  for (const [mode, skip] of Object.entries(MODES)) {
    const env = { PULUMI_SKIP_CHECKPOINTS: skip };
    log(`\nPULUMI_SKIP_CHECKPOINTS=${skip}`);

    const full = await team.runner(`full-${mode}`, env);
    const measured = await measure(team, () => upOf(full.runner, `full-${mode}`));
    const row = (await backendRows(team.pg)).find((candidate) => candidate.key.endsWith(`/stacks/payment-links/full-${mode}.json`));
    log(
      `  up of ${count}: exit ${measured.result.code}, ${seconds(measured.result.ms)}, API ${calls(full.proxy)}, ` +
        `state writes ${measured.rowWrites} rows, WAL ${mib(measured.walBytes)}, final state ${mib(row?.content.length ?? 0)}`,
    );
    ok &&= measured.result.code === 0;

    const stack = `killed-${mode}`;
    const killed = await team.runner(stack, env);
    team.sandbox.setFaults(latency ? { latency_ms: latency } : {});
    const kill = await measure(team, () => upOf(killed.runner, stack, () => killed.proxy.writes().length >= count));
    team.sandbox.setFaults({});
    const rows = await backendRows(team.pg);
    const inState = (checkpointOf(rows, stack)?.checkpoint.latest?.resources ?? []).filter((resource) => resource.type.endsWith(":PaymentLink")).length;
    // declaredLinks() puts the stack's name in each link's `campaign` metadata.
    const live = team.sandbox.links().filter((link) => link.status !== "archived" && link.metadata?.["campaign"] === stack).length;
    log(
      `  killed: ${kill.result.killed ? "SIGKILL" : `ended first (exit ${kill.result.code})`} after ${killed.proxy.writes().length} API writes, ${seconds(kill.result.ms)}; ` +
        `then ${live} of ${count} links live in the API, ${inState} in the state row, ${lockRows(rows, stack).length} lock row(s), state writes ${kill.rowWrites} rows, WAL ${mib(kill.walBytes)}`,
    );

    killed.proxy.reset();
    const cancel = await killed.runner.mytpeLinks(["pulumi", "cancel", "--stack", stack, "--yes"]);
    const recovery = await killed.runner.mytpeLinks(["pulumi", "up", "--refresh", "--stack", stack, "--yes", "--skip-preview"]);
    const recoveryCalls = calls(killed.proxy);
    const preview = await killed.runner.mytpeLinks(["pulumi", "preview", "--stack", stack, "--expect-no-changes"]);
    const report = stackConvergence({ stack, declared: declared[stack] ?? {}, links: team.sandbox.links(), state: await exportStack(killed.runner, stack) });
    log(
      `  recovery: cancel exit ${cancel.code}; up --refresh exit ${recovery.code}, ${seconds(recovery.ms)}, API ${recoveryCalls}; preview --expect-no-changes exit ${preview.code}`,
    );
    for (const line of reportLines(`  ${stack}`, report)) log(line);
    if (recovery.code !== 0) log(recovery.stdout.slice(-1500) + recovery.stderr);
    ok &&= cancel.code === 0 && recovery.code === 0 && preview.code === 0 && converged(report);
  }
  log(ok ? "\ncheckpoints: BOTH MODES RECOVER EXACTLY" : "\ncheckpoints: FAILED");
  process.exitCode = ok ? 0 : 1;
} finally {
  await team.dispose();
}

function upOf(runner: Runner, stack: string, killWhen?: () => boolean) {
  return runner.mytpeLinks(["up", "--stack", stack], killWhen ? { killWhen } : {});
}

/** Runs `run` and says how much it wrote to the backend (rows inserted or updated, WAL). */
async function measure<T>(team: Team, run: () => Promise<T>): Promise<{ result: T; rowWrites: number; walBytes: number }> {
  const stats = async () => {
    const [writes, lsn] = (
      await team.pg.query("SELECT n_tup_ins + n_tup_upd, pg_current_wal_lsn() FROM pg_stat_user_tables WHERE relname = 'pulumi_state'")
    ).split("|");
    return { writes: Number(writes), lsn: lsn ?? "0/0" };
  };
  const before = await stats();
  const result = await run();
  // A session's statistics reach pg_stat_user_tables when it ends: give the CLI's sessions a moment.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const after = await stats();
  const walBytes = Number(await team.pg.query(`SELECT pg_wal_lsn_diff('${after.lsn}', '${before.lsn}')`));
  return { result, rowWrites: after.writes - before.writes, walBytes };
}

function calls(proxy: ApiProxy): string {
  const writes = proxy.writes().length;
  return `${proxy.calls.length - writes} reads + ${writes} writes`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
