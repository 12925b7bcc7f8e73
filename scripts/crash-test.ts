// `npm run crash-test`: kills `pulumi up` with SIGKILL (the CLI and every process it started) at
// random moments while it provisions links (after a random number of API writes, so the kill
// lands among the calls whatever the machine's speed), recovers the way the README says (`pulumi cancel`
// to release the lock, then `pulumi up`), and checks convergence: one live marked link per
// declaration, no duplicate, no orphaned draft, state equal to the live API. A script, not a
// test. Between kills it runs plain `up` (no refresh), as a pipeline retrying blindly would. The
// changes half-way reprice paid links (replacements: kills land between a new link and the archive
// of the old) and adopt dashboard links (kills land in adoptions). With --with-429 a tenth of the
// requests are answered 429 too. Replay a run with the seed it prints.
import { parseArgs } from "node:util";
import { urnOf } from "../src/link/urn.ts";
import { markOf } from "../src/provider/link-marker.ts";
import { parseMark } from "../src/provider/owner-mark.ts";
import { PAYMENT_LINK_TYPE } from "../src/provider/protocol.ts";
import { mulberry32 } from "../src/sandbox/faults.ts";
import { converged, projectConvergence, reportLines } from "./convergence.ts";
import { createE2eProject, linksYaml } from "../test/harness/temp-project.ts";

const { values } = parseArgs({
  options: {
    links: { type: "string", default: "100" },
    kills: { type: "string", default: "10" },
    seed: { type: "string" },
    "latency-ms": { type: "string", default: "10" },
    "with-429": { type: "boolean", default: false },
  },
});
const count = Number(values.links);
const kills = Number(values.kills);
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(values.seed);
const random = mulberry32(seed);

const started = Date.now();
const project = await createE2eProject();
try {
  const declared: Record<string, Record<string, unknown>> = {};
  const declare = async (generation: number) => {
    if (generation > 0) await payEveryFifth();
    for (let i = 0; i < count; i++) {
      declared[`crash-${i}`] = {
        title: `Crash link ${i}${generation > 0 && i % 4 === 0 ? ` (v${generation})` : ""}`,
        amount_mode: "fixed",
        // Every fifth link, paid just before, is repriced: replaced by a new link.
        amount: 100 + i + (generation > 0 && i % 5 === 0 ? generation : 0),
        usage_mode: "reusable",
        ...((i + generation) % 7 === 0 ? { status: "paused" } : {}),
      };
    }
    if (generation > 0) for (let i = 0; i < 3; i++) declared[`adopted-${generation}-${i}`] = await dashboardLink(`Dashboard ${generation}-${i}`);
    project.writeLinks(linksYaml(project.sandbox.instances.ready, declared));
  };
  /** Pays the live link of every fifth declaration once, so its repricing is a replacement. */
  const payEveryFifth = async () => {
    for (let i = 0; i < count; i += 5) {
      const link = project.sandbox
        .links()
        .find((one) => one.status === "active" && parseMark(markOf(one))?.urn === urnOf("test", "mytpe-links", PAYMENT_LINK_TYPE, `crash-${i}`));
      if (link) await project.api("POST", `/sandbox/links/${link.id}/pay`, {});
    }
  };
  /** A link made in the dashboard, published, and its declaration adopting it. */
  const dashboardLink = async (title: string) => {
    const fields = { title, amount_mode: "fixed", amount: 777, usage_mode: "reusable" };
    const made = await project.api("POST", "/links", { payment_instance_id: project.sandbox.instances.ready, ...fields });
    const id = String(made.body.data["id"]);
    await project.api("POST", `/links/${id}/publish`);
    return { ...fields, adopt: id };
  };
  await declare(0);
  // Some latency, so calls are in flight when the kill lands; with --with-429, 10% of requests are
  // throttled (429, Retry-After: 1) as well.
  project.sandbox.setFaults({ latency_ms: Number(values["latency-ms"]), ...(values["with-429"] ? { throttle_rate: 0.1, seed } : {}) });
  log(`crash-test: ${count} links, ${kills} SIGKILLs during pulumi up, seed ${seed}`);

  for (let kill = 1; kill <= kills; kill++) {
    // Half-way and again near the end, change the declarations, so kills also land in updates
    // and status calls.
    const changes = kill === Math.ceil(kills / 2) || kill === Math.ceil(kills * 0.8);
    if (changes) await declare(kill);
    const writesBefore = writes();
    // A target within what one run writes: a kill among the creates, or among the updates that
    // follow the change of declarations.
    const after = 1 + Math.floor(random() * (kill < Math.ceil(kills / 2) ? count : count / 5));
    const up = await project.pulumi(["up", "--yes", "--skip-preview"], { killWhen: () => writes() - writesBefore >= after });
    log(
      `crash-test: kill ${kill}: ${up.killed ? `SIGKILL after ${after} API writes` : `up ended first (exit ${up.code})`}, ` +
        `${project.sandbox.links().length} links in the API`,
    );
    // A killed run leaves its lock behind on the file backend.
    if (up.killed) await project.pulumi(["cancel", "--yes"]);
  }

  project.sandbox.setFaults({});
  let runs = 0;
  for (; runs < 5; runs++) {
    // The README's recovery: a killed run may have changed links it never recorded, so refresh.
    const up = await project.pulumi(["up", "--refresh", "--yes", "--skip-preview"]);
    if (up.code === 0 && (await project.pulumi(["preview", "--expect-no-changes"])).code === 0) break;
    log(
      `crash-test: recovery up exited ${up.code}: ${up.stdout
        .split("\n")
        .filter((l) => l.includes("error"))
        .slice(0, 3)
        .join(" | ")}`,
    );
  }

  const report = await projectConvergence(project, declared);
  log(`crash-test: recovered with ${runs + 1} more up, ${Math.round((Date.now() - started) / 1000)} s in all`);
  for (const line of reportLines("crash-test", report)) log(line);
  process.exitCode = converged(report) ? 0 : 1;
} finally {
  await project.dispose();
}

function writes(): number {
  return project.sandbox.requests.filter((request) => request.method !== "GET").length;
}

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}
