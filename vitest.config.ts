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
    // More test files at a time than cores (vitest's default is one fewer): an end-to-end file
    // leaves cores idle while one of its processes starts alone (the CLI, the language host, the
    // program loading the Pulumi SDK, the provider host) or waits on another. Measured on an idle
    // 2-core machine (#30): two at a time 955 s and 877 s for the whole suite, three 806 s and
    // 797 s. `--maxWorkers` on the command line does not override this (an earlier "three took
    // 1,280 s against 1,082 s" ran two at a time both times, under different loads).
    maxWorkers: Math.max(3, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "fast", include: ["test/**/*.test.ts"], exclude: CLI_TESTS } },
      // Packs the repository once per run for the package tests (test/package/).
      { extends: true, test: { name: "cli", include: CLI_TESTS, globalSetup: ["test/package/global-setup.ts"] } },
    ],
  },
});
