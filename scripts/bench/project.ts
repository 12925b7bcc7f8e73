// The benchmark's own throwaway project: test/harness/temp-project.ts (the real CLI, a file backend,
// the package linked, an in-process sandbox) with what a measurement needs on top: the
// code taken from a snapshot, so every run measures the same code while the repo is edited, and a
// timing layer that records when each request started and ended.
import { cpSync, existsSync, mkdtempSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createE2eProject, REPO, type E2eProject } from "../../test/harness/temp-project.ts";
import type { Layer } from "../../src/sandbox/pipeline.ts";
import type { Span } from "./timeline.ts";

export interface BenchProjectOptions {
  /** The package the project uses (see snapshotCode); the repo itself by default. */
  code?: string;
  /** Write the sandbox's state file after each change (default true). */
  persist?: boolean;
  /** Added to the environment of every pulumi command. */
  env?: Record<string, string>;
  /** A program instead of declareLinks() (the floor's, floor.ts). */
  program?: string;
}

export interface BenchProject extends E2eProject {
  /** Every request since the last `resetRequests`, as the outermost layer saw it (latency included). */
  spans: Span[];
  /** Forgets recorded requests and spans. */
  resetRequests(): void;
}

export async function createBenchProject(options: BenchProjectOptions = {}): Promise<BenchProject> {
  const spans: Span[] = [];
  const timing: Layer = async (req, next) => {
    const start = performance.now();
    try {
      return await next(req);
    } finally {
      spans.push({ start, end: performance.now() });
    }
  };
  const project = await createE2eProject({
    layers: [timing],
    ...(options.code ? { code: options.code } : {}),
    ...(options.persist === undefined ? {} : { persist: options.persist }),
    ...(options.env ? { env: options.env } : {}),
    ...(options.program ? { program: options.program } : {}),
  });
  return {
    ...project,
    spans,
    resetRequests() {
      project.sandbox.resetRequests();
      spans.length = 0;
    },
  };
}

/**
 * A copy of the package as built now (dist/, the plugin folder and package.json), so every run of one benchmark
 * measures the same code even while the repo is being edited. Remove it with `rmSync(dir, { recursive: true })`.
 */
export function snapshotCode(): string {
  const dir = mkdtempSync(join(tmpdir(), "mytpe-bench-code-"));
  cpSync(join(REPO, "dist"), join(dir, "dist"), { recursive: true });
  cpSync(join(REPO, "plugin"), join(dir, "plugin"), { recursive: true });
  cpSync(join(REPO, "package.json"), join(dir, "package.json"));
  // Node resolves the project's symlinks to this folder: the package's own packages are found from here.
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
  return dir;
}

/** Size of the file backend's checkpoint(s) of the project's stacks (what each step rewrites). */
export function stateFileBytes(dir: string): number {
  const root = join(dir, ".pulumi", ".pulumi", "stacks");
  let total = 0;
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".json")) total += statSync(path).size;
    }
  };
  if (existsSync(root)) walk(root);
  return total;
}
