// `npm run lint:workflows`: lints .github/workflows with actionlint (github.com/rhysd/actionlint),
// built from the Go module proxy into the same cache root as the Pulumi CLI on first use.
// Exit 0 when clean, 1 with findings (one a line, file:line:col) or when the tool cannot be built.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const ACTIONLINT_VERSION = "v1.7.12";
const MODULE = "github.com/rhysd/actionlint/cmd/actionlint";
const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The cache root tools/pulumi-cli/ensure.ts uses. */
function cacheRoot(): string {
  const base = process.env["MYTPE_CACHE_DIR"] ?? process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache");
  return join(base, "mytpe-links");
}

/** The actionlint executable, built with `go install` the first time; throws when Go is missing. */
export function ensureActionlint(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): string {
  const binDir = join(cacheRoot(), `actionlint-${ACTIONLINT_VERSION}`);
  const bin = join(binDir, "actionlint");
  if (existsSync(bin)) return bin;
  const go = spawnSync("go", ["version"], { encoding: "utf8" });
  if (go.status !== 0) {
    throw new Error(`actionlint ${ACTIONLINT_VERSION} is not built and there is no Go toolchain to build it: install Go 1.24+ (or put actionlint at ${bin})`);
  }
  log(`[actionlint] building ${MODULE}@${ACTIONLINT_VERSION} with ${go.stdout.trim()} into ${binDir}`);
  mkdirSync(binDir, { recursive: true });
  const built = spawnSync("go", ["install", `${MODULE}@${ACTIONLINT_VERSION}`], {
    env: { ...process.env, GOBIN: binDir, GOFLAGS: `${process.env["GOFLAGS"] ?? ""} -mod=mod`.trim() },
    encoding: "utf8",
  });
  if (built.status !== 0 || !existsSync(bin)) throw new Error(`go install ${MODULE}@${ACTIONLINT_VERSION} failed:\n${built.stderr}`);
  return bin;
}

/** Lints the workflow files (relative to `root`); the findings, one a line, empty when clean. */
export function lintWorkflows(files: readonly string[], root = PROJECT_ROOT): { code: number; findings: string[] } {
  const result = spawnSync(ensureActionlint(), ["-no-color", "-oneline", ...files], { cwd: root, encoding: "utf8" });
  if (result.error) throw result.error;
  const findings = `${result.stdout}${result.stderr}`.split("\n").filter((line) => line.trim() !== "");
  return { code: result.status ?? 1, findings };
}

/** Every workflow of the repository, relative to `root`. */
export function workflowFiles(root = PROJECT_ROOT): string[] {
  const dir = join(root, ".github", "workflows");
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => join(".github", "workflows", name));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { code, findings } = lintWorkflows(workflowFiles());
    for (const line of findings) process.stdout.write(`${line}\n`);
    process.exitCode = code === 0 && findings.length === 0 ? 0 : 1;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
