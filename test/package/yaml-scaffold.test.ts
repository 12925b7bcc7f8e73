// A Pulumi YAML campaign repository as a new user makes it on a machine without Pulumi: the packed
// tarball run with npx (`mytpe-links init --runtime yaml`), `npm install`, then `npm run up`, with
// no `pulumi` on PATH and an empty mytpe-links cache (MYTPE_CACHE_DIR: no CLI, no YAML language
// host built yet). `up` builds both from their Go modules, with its progress lines, then provisions
// the scaffold's links into the local sandbox; the next run reuses them.
//
// "Empty cache" is the package's own cache only. Go's module and build caches are the machine's
// (warmed by `ensurePulumiCli` below, as `npm run pulumi:install` does in CI), and Go is told not to
// download (GOPROXY=off): the build runs every step a fresh machine's does — the same commands, the
// same binaries linked into the same folder — but reuses compiled packages, so it takes seconds
// where a machine with empty Go caches takes minutes (README "Speed"). Offline otherwise, too.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensurePulumiCli } from "../../src/cli/pulumi-cli.ts";
import { createConsumer, NPM_INSTALL_FLAGS, type Consumer } from "./consumer-project.ts";

const INSTALL = 5 * 60_000;
const STEP = 5 * 60_000;
const OFFLINE = { HTTPS_PROXY: "http://127.0.0.1:9", HTTP_PROXY: "http://127.0.0.1:9", NO_PROXY: "127.0.0.1,localhost", GOPROXY: "off" };

/** PATH without any folder holding a `pulumi` executable. */
function pathWithoutPulumi(path: string): string {
  return path
    .split(delimiter)
    .filter((dir) => dir !== "" && !existsSync(join(dir, "pulumi")))
    .join(delimiter);
}

describe("a Pulumi YAML repository made by mytpe-links init --runtime yaml, on a machine without Pulumi", () => {
  let repo: Consumer;
  let cache: string;
  const npm = (...args: string[]) => repo.run("npm", ["run", "--silent", ...args], OFFLINE);

  beforeAll(async () => {
    // Go's own caches, as CI's `npm run pulumi:install` leaves them (see the header).
    await ensurePulumiCli(undefined, { yaml: true });
    repo = await createConsumer("yaml-scaffold");
    cache = mkdtempSync(join(tmpdir(), "mytpe-empty-cache-"));
    // As a user's shell: no passphrase, no backend chosen, no Pulumi anywhere on PATH.
    delete repo.env["PULUMI_CONFIG_PASSPHRASE"];
    delete repo.env["PULUMI_BACKEND_URL"];
    Object.assign(repo.env, { PATH: pathWithoutPulumi(process.env["PATH"] ?? ""), MYTPE_CACHE_DIR: cache });
    expect(spawnSync("sh", ["-c", "command -v pulumi"], { env: repo.env }).status).not.toBe(0);
    await repo.run("npx", [
      "--yes",
      "--prefer-offline",
      "--package",
      repo.tarball,
      "--",
      "mytpe-links",
      "init",
      ".",
      "--runtime",
      "yaml",
      "--name",
      "shop-links",
      "--package",
      `file:${repo.tarball}`,
    ]);
    await repo.run("npm", ["install", ...NPM_INSTALL_FLAGS]);
  }, INSTALL);
  afterAll(async () => {
    await repo?.dispose();
    if (cache) rmSync(cache, { recursive: true, force: true });
  });

  it(
    "provisions its links with npm run up, building the Pulumi CLI and its YAML language host into the empty cache first",
    async () => {
      const started = Date.now();
      const up = await npm("up");
      process.stderr.write(`yaml-scaffold: first npm run up on an empty cache took ${Math.round((Date.now() - started) / 1000)} s\n`);

      expect(up.stderr).toContain("[pulumi-cli] no Pulumi 3.x CLI on PATH; building Pulumi");
      expect(up.stderr).toContain("[pulumi-cli] building the Pulumi YAML language host");
      expect(existsSync(join(cache, "mytpe-links"))).toBe(true);
      const urls = JSON.parse((await npm("pulumi", "--", "stack", "output", "linkUrls", "--json", "--stack", "local")).stdout) as Record<string, string>;
      expect(Object.keys(urls).sort()).toEqual(["donation", "voucher-10k"]);
      for (const url of Object.values(urls)) expect(up.stdout).toContain(url);
    },
    STEP,
  );

  it(
    "builds nothing the second time, and writes nothing to the API",
    async () => {
      const again = await npm("up");
      expect(again.stderr).not.toContain("[pulumi-cli] building");
      expect(again.stdout).toMatch(/API calls during this run: \d+ reads?, 0 writes/);
    },
    STEP,
  );
});
