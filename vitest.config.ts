import { availableParallelism, homedir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

/**
 * The test files that drive the real Pulumi CLI (or need the packed package, PostgreSQL, or the
 * CLI's own commands around it): the `cli` project. Everything else is the `fast` project, which
 * `npm run test:fast` runs alone (no Pulumi CLI needed, under two minutes on 2 cores). A new file
 * that starts the CLI belongs here.
 */
const CLI_TESTS = [
  "test/e2e/**/*.test.ts",
  "test/team/**/*.test.ts",
  "test/yaml/**/*.test.ts",
  "test/package/campaign-repo.test.ts",
  "test/package/runtime-dependencies.test.ts",
  "test/package/tarball-contents.test.ts",
  "test/package/typescript-*.test.ts",
  "test/workflow.test.ts",
  "test/scripts/operations-soak.test.ts",
  "test/cli/command-stack.test.ts",
  "test/cli/links/*.cli.test.ts",
  "test/cli/links/links-command.test.ts",
  "test/cli/links/stack-reader.test.ts",
  "test/cli/links/up-links.test.ts",
  "test/cli/lock-hint.test.ts",
  "test/cli/plan/plan-e2e.test.ts",
  "test/cli/pulumi.test.ts",
  "test/cli/up-progress.test.ts",
  "test/harness/postgres.test.ts",
  "test/plugin/move-from-dynamic.test.ts",
  "test/plugin/plugin-entries.test.ts",
  "test/policy/policy-pack.test.ts",
];

// Node's compile cache (Node ≥ 22.1; ignored by Node 20), shared by every process the tests start
// — the Pulumi programs and provider hosts of every end-to-end file load the same SDK and package.
process.env["NODE_COMPILE_CACHE"] ??= join(process.env["MYTPE_CACHE_DIR"] ?? process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"), "mytpe-links", "node-compile-cache");

export default defineConfig({
  test: {
    // At least two test files at a time, even on 2 cores (vitest's default there is one): an
    // end-to-end file spends much of its time waiting on the Pulumi CLI, the engine and the
    // sandbox, which another file can use (the whole suite: ~9.5 min with one, ~5.5 with two).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "fast", include: ["test/**/*.test.ts"], exclude: CLI_TESTS } },
      // Packs the repository once per run for the package tests (test/package/).
      { extends: true, test: { name: "cli", include: CLI_TESTS, globalSetup: ["test/package/global-setup.ts"] } },
    ],
  },
});
