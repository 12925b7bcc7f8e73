// The test tiers (vitest.config.ts): the test files that drive the real Pulumi CLI, or need the
// packed package, PostgreSQL, Go or the CLI's own commands around it, are the \`cli\` project;
// everything else is the \`fast\` project, which \`npm run test:fast\` runs alone (no Pulumi CLI
// needed, under two minutes on 2 cores). test/tiers.test.ts fails when a file outside this list
// uses what starts the CLI.
export const CLI_TESTS = [
  "test/e2e/**/*.test.ts",
  "test/team/**/*.test.ts",
  "test/yaml/**/*.test.ts",
  "test/sdk/**/*.test.ts",
  "test/package/campaign-repo.test.ts",
  "test/package/runtime-dependencies.test.ts",
  "test/package/tarball-contents.test.ts",
  "test/package/typescript-*.test.ts",
  "test/package/yaml-scaffold.test.ts",
  "test/workflow.test.ts",
  "test/scripts/operations-soak.test.ts",
  "test/cli/**/*.cli.test.ts",
  "test/cli/command-stack.test.ts",
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
  "test/plugin/plugin-import.test.ts",
  "test/plugin/plugin-state-upgrade.test.ts",
  "test/policy/policy-pack.test.ts",
  "test/policy/policy-pack-plugin.test.ts",
];

/** What a test file imports when it starts the real CLI (or needs it built). */
export const CLI_HARNESS =
  /\b(createE2eProject|createCliProject|createYamlProject|freshProject|projectWithLinks|projectWithFixtureState|ensurePulumiCli|runSeed|startTeam|createCampaignOrigin|consumerProject)\b/;
