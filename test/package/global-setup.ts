// Vitest global setup: packs this repository once per run (`npm pack`, as a release would) into a
// temp folder outside it, and hands the tarball to every test file (`inject("tarball")`), so the
// package tests share one tarball. Packing is the fast part (under a second): the build it needs is
// `npm run build`, which `npm test` runs first; a dist/ older than src/ is rebuilt here, before any
// test file starts, so no test reads dist/ while it is rewritten.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

declare module "vitest" {
  export interface ProvidedContext {
    /** The packed package: an absolute path outside the repository. */
    tarball: string;
  }
}

export default function setup(project: TestProject): () => void {
  if (isStale(join(REPO, "src"), join(REPO, "dist", "index.js"))) npm(["run", "build"]);
  const folder = mkdtempSync(join(tmpdir(), "mytpe-pack-"));
  const packed = JSON.parse(npm(["pack", "--ignore-scripts", "--json", "--pack-destination", folder])) as { filename: string }[];
  project.provide("tarball", join(folder, packed[0]!.filename));
  return () => rmSync(folder, { recursive: true, force: true });
}

function npm(args: string[]): string {
  const result = spawnSync("npm", args, { cwd: REPO, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`npm ${args.join(" ")} exited ${result.status}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Whether a file under `folder` is newer than `built` (or `built` is missing). */
function isStale(folder: string, built: string): boolean {
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((entry) =>
      entry.isDirectory() ? newer(join(dir, entry.name)) : statSync(join(dir, entry.name)).mtimeMs > builtAt,
    );
  return newer(folder);
}
