// `npm run bench`: how close `pulumi up` comes to the API's own limit at campaign scale (#7).
// For each size: `pulumi up` creating the links (wall time, links/s, API calls by kind, where
// the time went), the same links created from a Pulumi YAML program through the provider plugin
// (#29, unless --no-plugin), the same links brought live by a plain script calling the API at the
// same concurrency, with --floor the engine's floor of N trivial resources (#30), `preview`/`up`
// with nothing changed, `refresh`, state size per link;
// then `npm run check` on 10,000 links. Median of `--runs` runs; Markdown tables on stdout,
// progress on stderr. A script, not a test: it takes minutes. See tools/bench/options.ts for flags.
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { pluginProps } from "../src/plugin/plugin-names.ts";
import { PAYMENT_LINK_PROVIDER, PLUGIN_LINK_TYPE } from "../src/provider/protocol.ts";
import { countCalls, formatCalls } from "./bench/calls.ts";
import { directRun, type DirectResult } from "./bench/direct.ts";
import { floorProgram } from "./bench/floor.ts";
import { median, medianRun } from "./bench/median.ts";
import { parseBenchOptions, runsFor, USAGE, type BenchOptions } from "./bench/options.ts";
import { createBenchProject, snapshotCode, stateFileBytes, type BenchProject } from "./bench/project.ts";
import { sampleMemory, type PeakMemory } from "./bench/process-memory.ts";
import { resultsTable, type FloorRun, type Measure, type PulumiRun, type SizeReport } from "./bench/results.ts";
import { markdownTable, seconds } from "./bench/table.ts";
import { checkTargets, type TargetCheck } from "./bench/targets.ts";
import { formatTimeline, timelineOf } from "./bench/timeline.ts";
import { ensurePulumiCli } from "../src/cli/pulumi-cli.ts";
import { linksYaml, REPO } from "../test/harness/temp-project.ts";
import { yamlProgram } from "../test/yaml/yaml-project.ts";

let options: BenchOptions;
try {
  options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`bench: ${(error as Error).message}\n\n${USAGE}`);
  process.exit(2);
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`);
const out = (line = "") => process.stdout.write(`${line}\n`);
const started = performance.now();

// With the YAML language host: the plugin's runs are Pulumi YAML programs.
const cli = await ensurePulumiCli(progress, { yaml: options.plugin });
const pulumiEnv: Record<string, string> = {
  MYTPE_MAX_CONCURRENCY: String(options.concurrency),
  // As the project's commands run pulumi (tools/pulumi-env.ts), unless --every-step-checkpoints.
  PULUMI_SKIP_CHECKPOINTS: options.everyStepCheckpoints ? "false" : "true",
};
const parallel = options.parallel === undefined ? [] : ["--parallel", String(options.parallel)];

// One copy of the code for the whole benchmark: the repo may change while it runs.
const code = snapshotCode();
const reports: SizeReport[] = [];
try {
  for (const size of options.sizes) reports.push(await benchSize(size));
} finally {
  rmSync(code, { recursive: true, force: true });
}
const check = options.check ? await benchCheck() : undefined;

out(`## npm run bench ${process.argv.slice(2).join(" ")}`.trimEnd());
out();
out(
  `Pulumi CLI ${cli.version}, Node ${process.version}, ${cpus().length} CPUs; sandbox latency ${options.latencyMs} ms per request, ` +
    `concurrency ${options.concurrency}, pulumi --parallel ${options.parallel ?? "default"}` +
    `, state written ${options.everyStepCheckpoints ? "after every step (PULUMI_SKIP_CHECKPOINTS=false, the CLI's own default)" : "at the end of each run (PULUMI_SKIP_CHECKPOINTS=true, the project's default)"}, sandbox state ${options.memorySandbox ? "in memory" : "written to a file after each write"}; ` +
    `median of the runs shown in [brackets].`,
);
out();
out(resultsTable(reports));
out();
const checks: TargetCheck[] = reports.flatMap((report) => targetsOf(report));
// The whole command counts, npm and node startup included: that is what a user waits for.
if (check)
  checks.push({
    target: "npm run check on 10,000 links < 1 s",
    measured: `${check.childMs} ms (the check alone, in a warm process: ${check.inProcessMs} ms)`,
    ok: Number(check.childMs) < 1000,
  });
if (checks.length > 0) {
  out(
    markdownTable(
      ["target", "measured", ""],
      checks.map((c) => [c.target, c.measured, c.ok ? "OK" : "MISSED"]),
    ),
  );
  out();
}
if (check) out(`npm run check on 10,000 links (tools/bench-check.ts): ${check.summary}`);
out(`Serialized provider (__provider, PAYMENT_LINK_PROVIDER.length): ${PAYMENT_LINK_PROVIDER.length} characters.`);
out(`Bench took ${seconds(performance.now() - started)}.`);

async function benchSize(size: number): Promise<SizeReport> {
  const declared = benchLinks(size);
  const runs: PulumiRun[] = [];
  const direct: DirectResult[] = [];
  const floors: FloorRun[] = [];
  const plugin: Measure[] = [];
  const count = runsFor(size, options);
  for (let i = 1; i <= count; i++) {
    if (options.floor) {
      floors.push(await floorRun(declared));
      progress(`${size} links, run ${i}/${count}: floor ${seconds((floors[floors.length - 1] as FloorRun).create.ms)} (load ${loadavg()[0]?.toFixed(2)})`);
    }
    runs.push(await pulumiRun(declared));
    const last = runs[runs.length - 1] as PulumiRun;
    progress(`${size} links, run ${i}/${count}: up ${seconds(last.create.ms)} (${formatCalls(last.create.calls)}; ${formatTimeline(last.create.timeline)})`);
    if (options.plugin) {
      plugin.push(await pluginRun(declared));
      progress(`${size} links, run ${i}/${count}: up through the plugin (Pulumi YAML) ${seconds((plugin[plugin.length - 1] as Measure).ms)}`);
    }
    direct.push(await directRun(declared, { latencyMs: options.latencyMs, concurrency: options.concurrency, persist: !options.memorySandbox }));
    progress(`${size} links, run ${i}/${count}: direct ${seconds((direct[direct.length - 1] as DirectResult).ms)}`);
  }
  let withPreview: Measure | undefined;
  if (options.upWithPreview && options.only === "all") {
    withPreview = await withProject(async (project) => {
      project.writeLinks(linksYaml(project.sandbox.instances.ready, declared));
      return measure(project, ["up", "--yes", ...parallel], size);
    });
    progress(`${size} links: up --yes (with preview) ${seconds(withPreview.ms)}`);
  }
  return { size, runs, plugin, direct, floors, ...(withPreview ? { withPreview } : {}) };
}

/** One fresh stack and sandbox: the same links as resources of a Pulumi YAML program, created through the plugin. */
function pluginRun(declared: Record<string, Record<string, unknown>>): Promise<Measure> {
  return withProject(async (project) => {
    const instance = project.sandbox.instances.ready;
    const resources = Object.fromEntries(
      Object.entries(declared).map(([name, fields]) => [name, { type: PLUGIN_LINK_TYPE, properties: { paymentInstanceId: instance, ...pluginProps(fields) } }]),
    );
    writeFileSync(join(project.dir, "Pulumi.yaml"), yamlProgram(resources));
    return measure(project, ["up", "--yes", "--skip-preview", ...parallel], Object.keys(declared).length);
  });
}

/** The engine's floor on a fresh stack: `up` of the trivial resources, then (unless --only create) `preview`. */
function floorRun(declared: Record<string, Record<string, unknown>>): Promise<FloorRun> {
  return withProject(async (project) => {
    const create = await measure(project, ["up", "--yes", "--skip-preview", ...parallel]);
    if (options.only === "create") return { create };
    return { create, preview: await measure(project, ["preview", "--expect-no-changes", ...parallel]) };
  }, floorProgram(declared));
}

/** One fresh stack and sandbox: create, then (unless --only create) the no-change and refresh runs. */
function pulumiRun(declared: Record<string, Record<string, unknown>>): Promise<PulumiRun> {
  const size = Object.keys(declared).length;
  return withProject(async (project) => {
    project.writeLinks(linksYaml(project.sandbox.instances.ready, declared));
    const create = await measure(project, ["up", "--yes", "--skip-preview", ...parallel], size);
    if (options.only === "create") return { create };
    const preview = await measure(project, ["preview", "--expect-no-changes", ...parallel]);
    const up = await measure(project, ["up", "--yes", "--skip-preview", "--expect-no-changes", ...parallel]);
    const refresh = await measure(project, ["refresh", "--yes", "--skip-preview", ...parallel]);
    const exported = await project.run(["stack", "export"]);
    return { create, preview, up, refresh, exportBytes: Buffer.byteLength(exported.stdout), stateFileBytes: stateFileBytes(project.dir) };
  });
}

async function withProject<T>(body: (project: BenchProject) => Promise<T>, program?: string): Promise<T> {
  const project = await createBenchProject({ code, persist: !options.memorySandbox, env: pulumiEnv, ...(program ? { program } : {}) });
  try {
    project.sandbox.setFaults({ latency_ms: options.latencyMs });
    return await body(project);
  } finally {
    await project.dispose();
  }
}

/** Runs one command with the request log cleared first; with `expectLive`, checks that many links went live. */
async function measure(project: BenchProject, args: string[], expectLive?: number): Promise<Measure> {
  project.resetRequests();
  const sampler = sampleMemory(project.dir);
  let memory: PeakMemory | undefined;
  const timed = await project.run(args).finally(() => (memory = sampler.stop()));
  const calls = countCalls(project.sandbox.requests);
  const timeline = timelineOf(project.spans, timed.start, timed.end);
  if (expectLive !== undefined) {
    const live = project.sandbox.links().filter((link) => link.status === "active").length;
    if (live !== expectLive) throw new Error(`pulumi ${args.join(" ")}: expected ${expectLive} active links, found ${live}`);
  }
  return { ms: timed.ms, calls, timeline, memory, load: loadavg()[0] };
}

/** `size` links as a campaign would declare them: fixed amounts, reusable, active. */
function benchLinks(size: number): Record<string, Record<string, unknown>> {
  const declared: Record<string, Record<string, unknown>> = {};
  for (let i = 0; i < size; i++) {
    declared[`bench-${i}`] = { title: `Bench link ${i}`, amount_mode: "fixed", amount: 1000 + i, usage_mode: "reusable", metadata: { campaign: "bench" } };
  }
  return declared;
}

function targetsOf(report: SizeReport): TargetCheck[] {
  const run = medianRun(report.runs, (r) => r.create.ms);
  const upMs = median(report.runs.map((r) => r.create.ms));
  const previews = report.runs.flatMap((r) => (r.preview ? [r.preview.ms] : []));
  const floorPreviews = report.floors.flatMap((r) => (r.preview ? [r.preview.ms] : []));
  return checkTargets({
    size: report.size,
    upMs,
    directMs: median(report.direct.map((r) => r.ms)),
    ...(report.floors.length > 0 ? { floorMs: median(report.floors.map((r) => r.create.ms)) } : {}),
    ...(previews.length > 0 ? { previewMs: median(previews) } : {}),
    ...(floorPreviews.length > 0 ? { floorPreviewMs: median(floorPreviews) } : {}),
    ...(run.preview ? { unchangedPreview: run.preview.calls } : {}),
    ...(run.up ? { unchangedUp: run.up.calls } : {}),
    ...(run.refresh ? { refresh: run.refresh.calls } : {}),
    ...(run.exportBytes !== undefined ? { stateBytesPerLink: run.exportBytes / report.size } : {}),
  }).map((c) => ({ ...c, target: `N = ${report.size}: ${c.target}` }));
}

/** Runs tools/bench-check.ts (npm run bench:check) and picks its medians out of its output. */
async function benchCheck(): Promise<{ inProcessMs: string; childMs: string; summary: string }> {
  progress("npm run bench:check (10,000 links)");
  const output = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn("npm", ["run", "--silent", "bench:check"], { cwd: REPO, stdio: ["ignore", "pipe", "pipe"] });
    let text = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolvePromise(text) : reject(new Error(`npm run bench:check exited ${String(code)}\n${text}`))));
  });
  const inProcessMs = /in process:\s+median (\d+) ms/.exec(output)?.[1] ?? "?";
  const childMs = /npm run check -- <folder>:\s+median (\d+) ms/.exec(output)?.[1] ?? "?";
  return { inProcessMs, childMs, summary: output.trim().split("\n").join(" / ") };
}
