import { availableParallelism, homedir } from "node:os";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { CLI_TESTS } from "./test/tiers.ts";

// Node's compile cache (Node ≥ 22.1; ignored by Node 20), shared by every process the tests start
// — the Pulumi programs and provider hosts of every end-to-end file load the same SDK and package.
process.env["NODE_COMPILE_CACHE"] ??= join(
  process.env["MYTPE_CACHE_DIR"] ?? process.env["XDG_CACHE_HOME"] ?? join(homedir(), ".cache"),
  "mytpe-links",
  "node-compile-cache",
);

export default defineConfig({
  test: {
    // At least two test files at a time, even on 2 cores (vitest's default there is one): an
    // end-to-end file spends part of its time waiting on the Pulumi CLI, the engine and the
    // sandbox, which another file can use. Not more: the real-CLI files are CPU-bound (each
    // command starts two Node processes that load the Pulumi SDK), and three on 2 cores took the
    // whole suite from 1,082 s to 1,280 s (#30).
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
