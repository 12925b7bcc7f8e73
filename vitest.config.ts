import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packs the repository once per run for the package tests (test/package/).
    globalSetup: ["test/package/global-setup.ts"],
    // At least two test files at a time, even on 2 cores (vitest's default there is one): an
    // end-to-end file spends much of its time waiting on the Pulumi CLI, the engine and the
    // sandbox, which another file can use (the whole suite: ~9.5 min with one, ~5.5 with two).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
