// Makes a working Pulumi CLI available and says where it is (`mytpe-links setup`, and every command
// that runs Pulumi).
//
// A `pulumi` 3.x on PATH (the official CLI: pulumi/actions on GitHub, the installer on a laptop) is
// used as it is. Machines without internet cannot run the official installer nor the `pulumi` npm
// package (a downloader), but may have Go and the Go module proxy: then the CLI is built from its
// published module (pinned in pulumi-cli/go.mod, shipped with the package) and a small Node.js
// language host (pulumi-cli/language-nodejs) into a cache folder outside the project, reused on
// later runs. The dynamic-provider plugin script ships inside @pulumi/pulumi; it is placed next to
// the CLI, where the engine looks for bundled plugins. Pulumi YAML programs (`runtime: yaml`) need
// the YAML language host, which the official CLI bundles: for every command on such a project
// (pulumi-env.ts), and `mytpe-links setup`, it is built the same way from its own module (pinned in
// pulumi-cli/language-yaml/go.mod) into the same folder, once.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { homedir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PACKAGE_ROOT } from "./project.ts";

/** The Pulumi version this project pins: CLI, SDK module and language host. */
export const PULUMI_VERSION = "3.259.0";

/** The Go sources of the build: go.mod, go.sum and the language host. */
const SOURCES = join(PACKAGE_ROOT, "pulumi-cli");

export interface PulumiCli {
  /** Absolute path of the `pulumi` executable. */
  pulumi: string;
  /** Folder to put first on PATH so the engine finds the language host and the dynamic provider. */
  binDir: string;
  version: string;
  source: "path" | "cache" | "built";
}

type Log = (line: string) => void;

/** The pulumi-yaml version the YAML language host is built from (pulumi-cli/language-yaml/go.mod). */
export const PULUMI_YAML_VERSION = "1.25.0";

export async function ensurePulumiCli(
  log: Log = (line) => process.stderr.write(`${line}\n`),
  options: { /** Also the YAML language host, for `runtime: yaml` programs. */ yaml?: boolean } = {},
): Promise<PulumiCli> {
  const fromPath = pulumiOnPath();
  if (fromPath) {
    if (options.yaml && !hasHost(fromPath.binDir, "pulumi-language-yaml")) {
      throw new Error(
        `${fromPath.pulumi} (Pulumi ${fromPath.version}) has no YAML language host (pulumi-language-yaml) beside it nor on PATH, which a \`runtime: yaml\` project needs: ` +
          "install the official Pulumi CLI, which bundles it (https://www.pulumi.com/docs/install/), or run with MYTPE_IGNORE_PATH_PULUMI=1 to have mytpe-links build Pulumi and its YAML host from Go modules once.",
      );
    }
    return fromPath;
  }

  const binDir = join(cacheRoot(), `pulumi-${PULUMI_VERSION}-${buildHash()}`, "bin");
  const pulumi = join(binDir, "pulumi");
  const cached = isComplete(binDir);
  if (!cached) await build(binDir, log);
  if (options.yaml) await ensureYamlHost(binDir, log);
  return { pulumi, binDir, version: PULUMI_VERSION, source: cached ? "cache" : "built" };
}

/** A 3.x `pulumi` already on PATH, with its bundled Node.js language host beside it. */
function pulumiOnPath(): PulumiCli | undefined {
  if (process.env["MYTPE_IGNORE_PATH_PULUMI"] === "1") return undefined;
  const which = spawnSync("sh", ["-c", "command -v pulumi"], { encoding: "utf8" });
  const pulumi = which.stdout.trim();
  if (which.status !== 0 || pulumi === "") return undefined;
  const version = spawnSync(pulumi, ["version"], { encoding: "utf8", env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  const match = /^v?(3\.\d+\.\d+)/.exec(version.stdout.trim());
  if (version.status !== 0 || !match?.[1]) return undefined;
  const binDir = dirname(pulumi);
  if (!hasHost(binDir, "pulumi-language-nodejs")) return undefined;
  return { pulumi, binDir, version: match[1], source: "path" };
}

/** Whether a language host is beside the CLI in `binDir`, or on PATH. */
function hasHost(binDir: string, host: string): boolean {
  return existsSync(join(binDir, host)) || spawnSync("sh", ["-c", `command -v ${host}`]).status === 0;
}

/** The package's cache folder, outside any project: MYTPE_CACHE_DIR, else the user's cache. */
export function cacheRoot(): string {
  const base = process.env["MYTPE_CACHE_DIR"] ?? process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache");
  return join(base, "mytpe-links");
}

/** Changes whenever what we build changes, so a stale cache is never reused (files under `root`). */
export function buildHash(files: readonly string[] = ["go.mod", "go.sum", "language-nodejs/main.go"], root = SOURCES): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(readFileSync(join(root, file)));
  return hash.digest("hex").slice(0, 12);
}

const MARKER = ".complete";

function isComplete(binDir: string): boolean {
  return existsSync(join(binDir, MARKER));
}

/** The YAML language host in the CLI's folder, built once (its marker names what it was built from). */
async function ensureYamlHost(binDir: string, log: Log): Promise<void> {
  const marker = join(binDir, `${MARKER}-yaml-${buildHash(["language-yaml/go.mod", "language-yaml/go.sum"])}`);
  if (existsSync(marker)) return;
  const staging = join(binDir, `pulumi-language-yaml.staging-${process.pid}`);
  log(`[pulumi-cli] building the Pulumi YAML language host ${PULUMI_YAML_VERSION} from its Go module (first time only)`);
  const started = Date.now();
  const versionFlag = `-X github.com/pulumi/pulumi-yaml/pkg/version.Version=v${PULUMI_YAML_VERSION}`;
  await goBuild(
    ["-trimpath", "-ldflags", `-s -w ${versionFlag}`, "-o", staging, "github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml"],
    "pulumi-language-yaml",
    log,
    join(SOURCES, "language-yaml"),
  );
  renameSync(staging, join(binDir, "pulumi-language-yaml"));
  mkdirSync(marker);
  log(`[pulumi-cli] built in ${Math.round((Date.now() - started) / 1000)} s: ${join(binDir, "pulumi-language-yaml")}`);
}

async function build(binDir: string, log: Log): Promise<void> {
  const goVersion = spawnSync("go", ["version"], { encoding: "utf8" });
  if (goVersion.status !== 0) {
    throw new Error("No Pulumi 3.x CLI on PATH and no Go toolchain to build one. Install Pulumi (https://www.pulumi.com/docs/install/) or Go 1.25+.");
  }
  const started = Date.now();
  const staging = `${binDir}.staging-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  log(`[pulumi-cli] no Pulumi 3.x CLI on PATH; building Pulumi ${PULUMI_VERSION} from its Go modules with ${goVersion.stdout.trim()}`);
  log(`[pulumi-cli] into ${dirname(binDir)} (first time only: several minutes)`);

  const versionFlag = `-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v${PULUMI_VERSION}`;
  await goBuild(["-trimpath", "-ldflags", `-s -w ${versionFlag}`, "-o", join(staging, "pulumi"), "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"], "pulumi", log);
  await goBuild(
    ["-trimpath", "-ldflags", `-s -w -X main.Version=${PULUMI_VERSION}`, "-o", join(staging, "pulumi-language-nodejs"), "./language-nodejs"],
    "pulumi-language-nodejs",
    log,
  );

  // The engine looks for bundled plugins next to the CLI; this one is a shell script shipped in
  // @pulumi/pulumi that starts the dynamic-provider host from the project's node_modules.
  const plugin = join(dirname(createRequire(import.meta.url).resolve("@pulumi/pulumi/package.json")), "pulumi-resource-pulumi-nodejs");
  if (!existsSync(plugin)) throw new Error(`${plugin} is missing: install the project's packages (npm ci) first.`);
  copyFileSync(plugin, join(staging, "pulumi-resource-pulumi-nodejs"));
  chmodSync(join(staging, "pulumi-resource-pulumi-nodejs"), 0o755);

  mkdirSync(join(staging, MARKER));
  rmSync(binDir, { recursive: true, force: true });
  mkdirSync(dirname(binDir), { recursive: true });
  renameSync(staging, binDir);
  log(`[pulumi-cli] built in ${Math.round((Date.now() - started) / 1000)} s: ${join(binDir, "pulumi")}`);
}

/** Runs `go build -v` in `cwd` (a Go module), turning its package list into a progress line every 15 seconds. */
export function goBuild(args: string[], what: string, log: Log, cwd = SOURCES): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn("go", ["build", "-v", ...args], {
      cwd,
      env: { ...process.env, GOFLAGS: `${process.env["GOFLAGS"] ?? ""} -mod=readonly`.trim() },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let packages = 0;
    let tail = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      tail = (tail + chunk).slice(-4000);
      packages += chunk.split("\n").filter((line) => line.trim() !== "" && !line.startsWith("go: downloading")).length;
    });
    const started = Date.now();
    const timer = setInterval(() => {
      log(`[pulumi-cli] building ${what}: ${packages} packages compiled, ${Math.round((Date.now() - started) / 1000)} s`);
    }, 15_000);
    child.on("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearInterval(timer);
      if (code === 0) resolvePromise();
      else reject(new Error(`go build of ${what} failed (exit ${code}):\n${tail}`));
    });
  });
}
