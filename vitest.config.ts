import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packs the repository once per run for the package tests (test/package/).
    globalSetup: ["test/package/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
