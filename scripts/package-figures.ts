// `npm run figures`: the figures of issue #12's closing note, measured on this machine in one run.
// - the tarball: `npm pack --dry-run --json` (packed and unpacked size, file count);
// - a consumer's install: a fresh temp project, `npm install <tarball>` with npm's cache warm
//   (a first, unmeasured install warms it);
// - the demo before and after the package change: `npm run demo` in a copy of the old checkout
//   (--baseline, default /work/baseline: run-time esbuild bundles) and in a copy of this one (dist/
//   built by tsc), each cold (fresh .pulumi/ and .sandbox/, and for the old checkout no bundle cache
//   in node_modules/.cache) then warm (run again, nothing changed), alternating before and after.
// Markdown on stdout, progress on stderr. Usage: npm run figures -- [--baseline DIR] [--runs 3]
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { median } from "./bench/median.ts";
import { bytes, markdownTable, seconds } from "./bench/table.ts";
import { ensurePulumiCli } from "../src/cli/pulumi-cli.ts";
import { REPO } from "../test/harness/temp-project.ts";

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { baseline: { type: "string", default: "/work/baseline" }, runs: { type: "string", default: "3" } },
  strict: true,
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a whole number ≥ 1, got ${values.runs}`);

const progress = (line: string) => process.stderr.write(`figures: ${line}\n`);
const cli = await ensurePulumiCli(progress);
const work = mkdtempSync(join(tmpdir(), "mytpe-figures-"));
// Commands run as from a user's shell: the Pulumi CLI first on PATH, none of npm's script variables.
const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== "INIT_CWD"));
Object.assign(env, { PATH: `${cli.binDir}:${process.env["PATH"] ?? ""}`, PULUMI_SKIP_UPDATE_CHECK: "true" });

interface Timed {
  ms: number;
  stdout: string;
}

function timed(command: string, args: readonly string[], cwd: string, extra: NodeJS.ProcessEnv = {}): Promise<Timed> {
  return new Promise((resolvePromise, reject) => {
    const start = performance.now();
    const child = spawn(command, [...args], { cwd, env: { ...env, ...extra }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = performance.now() - start;
      if (code === 0) resolvePromise({ ms, stdout });
      else reject(new Error(`${command} ${args.join(" ")} exited ${code} in ${cwd}\n${stdout}\n${stderr}`));
    });
  });
}

/** `npm pack --dry-run --json`, then the tarball itself (into the work folder). */
async function tarball(): Promise<{ size: number; unpackedSize: number; entryCount: number; path: string }> {
  const dry = JSON.parse((await timed("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], REPO)).stdout) as {
    size: number;
    unpackedSize: number;
    entryCount: number;
  }[];
  const packed = JSON.parse((await timed("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", work], REPO)).stdout) as { filename: string }[];
  return { ...dry[0]!, path: join(work, packed[0]!.filename) };
}

/** `npm install <tarball>` in fresh projects: the first warms npm's cache, the next `runs` are measured. */
async function installs(path: string): Promise<{ ms: number[]; packages: string }> {
  const ms: number[] = [];
  let packages = "";
  for (let i = 0; i <= runs; i++) {
    const dir = mkdtempSync(join(work, "consumer-"));
    writeFileSync(join(dir, "package.json"), '{ "name": "consumer", "private": true }\n');
    const result = await timed("npm", ["install", path, "--prefer-offline", "--no-audit", "--no-fund"], dir);
    const sdk = JSON.parse(readFileSync(join(dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string };
    packages = `${/added \d+ packages?/.exec(result.stdout)?.[0] ?? ""}, @pulumi/pulumi ${sdk.version} as the peer`;
    if (i > 0) ms.push(result.ms);
    progress(`npm install <tarball> ${i === 0 ? "(warming the cache)" : `${i}/${runs}`}: ${seconds(result.ms)}, ${packages}`);
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms, packages };
}

/** A copy of a checkout to run its demo in, without its local state. */
function copyCheckout(source: string, name: string): string {
  const dir = join(work, name);
  const skip = new Set([".git", ".pulumi", ".sandbox", ".plan", ".scratch"]);
  cpSync(source, dir, { recursive: true, verbatimSymlinks: true, filter: (path) => !skip.has(basename(path)) });
  return dir;
}

/** Stops the background sandbox of the checkout in `dir` (found by its state file), then forgets every local state. */
function reset(dir: string): void {
  const state = join(dir, ".sandbox", "state.json");
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").includes(state)) process.kill(Number(entry), "SIGTERM");
    } catch {
      // Gone meanwhile.
    }
  }
  for (const folder of [".pulumi", ".sandbox", ".pulumi-home", join("node_modules", ".cache")]) rmSync(join(dir, folder), { recursive: true, force: true });
}

async function demo(dir: string): Promise<{ cold: number; warm: number }> {
  reset(dir);
  const extra = { PULUMI_HOME: join(dir, ".pulumi-home") };
  const cold = await timed("npm", ["run", "demo"], dir, extra);
  const warm = await timed("npm", ["run", "demo"], dir, extra);
  if (!/API calls during this run: \d+ reads?, 0 writes/.test(warm.stdout)) throw new Error(`the warm demo in ${dir} wrote to the API:\n${warm.stdout}`);
  return { cold: cold.ms, warm: warm.ms };
}

try {
  progress("npm pack");
  const packed = await tarball();
  const install = await installs(packed.path);
  const before = copyCheckout(values.baseline, "before");
  const after = copyCheckout(REPO, "after");
  const times = { before: { cold: [] as number[], warm: [] as number[] }, after: { cold: [] as number[], warm: [] as number[] } };
  try {
    for (let i = 1; i <= runs; i++) {
      for (const [label, dir] of [
        ["before", before],
        ["after", after],
      ] as const) {
        const run = await demo(dir);
        times[label].cold.push(run.cold);
        times[label].warm.push(run.warm);
        progress(`demo ${label} ${i}/${runs}: cold ${seconds(run.cold)}, warm ${seconds(run.warm)}`);
      }
    }
  } finally {
    reset(before);
    reset(after);
  }
  const list = (ms: number[]) => `${seconds(median(ms))} [${ms.map((m) => (m / 1000).toFixed(1)).join(", ")}]`;
  process.stdout.write(
    [
      `## npm run figures ${process.argv.slice(2).join(" ")}`.trimEnd(),
      "",
      `Node ${process.version}, ${cpus().length} CPUs, Pulumi CLI ${cli.version}; medians of ${runs} runs [each run].`,
      "",
      markdownTable(
        ["figure", "value"],
        [
          ["tarball (npm pack --dry-run --json)", `${bytes(packed.size)} packed, ${bytes(packed.unpackedSize)} unpacked, ${packed.entryCount} files`],
          ["consumer install: npm install <tarball>, fresh project, warm cache", `${list(install.ms)} (${install.packages})`],
          [`demo before (${values.baseline}): npm run demo, cold`, list(times.before.cold)],
          [`demo before: npm run demo, warm (nothing changed)`, list(times.before.warm)],
          ["demo after (this checkout): npm run demo, cold", list(times.after.cold)],
          ["demo after: npm run demo, warm (nothing changed)", list(times.after.warm)],
        ],
      ),
      "",
    ].join("\n"),
  );
} finally {
  rmSync(work, { recursive: true, force: true });
}
