// A campaign repository as a new user makes it: the packed tarball run with npx (`mytpe-links init`),
// `npm install`, then the repository's own npm scripts (check, up, pulumi, plan) against the local
// sandbox that `mytpe-links` starts in the background — outside this repository, offline.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import type { SandboxInfo } from "../../src/cli/sandbox-process.ts";
import { createConsumer, NPM_INSTALL_FLAGS, type CommandResult, type Consumer } from "./consumer-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const INSTALL = 5 * 60_000;
const STEP = stepTimeout(99_000);
// Any request leaving this machine fails: HTTP clients that honour proxies (npm, Go, undici) get a closed port.
const OFFLINE = { HTTPS_PROXY: "http://127.0.0.1:9", HTTP_PROXY: "http://127.0.0.1:9", NO_PROXY: "127.0.0.1,localhost" };

interface LinkState {
  urn: string;
  id: string;
  outputs: Record<string, unknown>;
}

describe("a campaign repository made by mytpe-links init", () => {
  let repo: Consumer;
  let example: string;
  const npm = (...args: string[]) => repo.run("npm", ["run", "--silent", ...args], OFFLINE);
  const links = async (): Promise<Record<string, LinkState>> => {
    const exported = JSON.parse((await npm("pulumi", "--", "stack", "export", "--stack", "local")).stdout) as {
      deployment: { resources?: (LinkState & { type: string })[] };
    };
    const found = (exported.deployment.resources ?? []).filter((resource) => resource.type === PAYMENT_LINK_TYPE);
    return Object.fromEntries(found.map((link) => [link.urn.split("::").pop()!, link]));
  };
  const sandbox = () => JSON.parse(readFileSync(join(repo.dir, ".sandbox", "sandbox.json"), "utf8")) as SandboxInfo;
  const api = async (path: string, body: Record<string, unknown> = {}) => {
    const { url, api_key, api_secret } = sandbox();
    const response = await fetch(`${url}${path}`, {
      method: "POST",
      headers: { "x-api-key": api_key, "x-api-secret": api_secret, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.ok, `POST ${path}`).toBe(true);
  };
  const liveStatus = async (id: string) => {
    const { url, api_key, api_secret } = sandbox();
    const response = await fetch(`${url}/links/${id}`, { headers: { "x-api-key": api_key, "x-api-secret": api_secret } });
    return ((await response.json()) as { data: { status: string } }).data.status;
  };
  /** The stack output of the template's program, each link's URL by name; `up` prints them too. */
  const urlsOf = async (up: CommandResult) => {
    const urls = JSON.parse((await npm("pulumi", "--", "stack", "output", "linkUrls", "--json", "--stack", "local")).stdout) as Record<string, string>;
    for (const url of Object.values(urls)) expect(up.stdout).toContain(url);
    return urls;
  };
  /** The example links as `init` wrote them, provisioned. */
  const upFromExample = async () => {
    repo.write("links/example.yaml", example);
    return npm("up");
  };

  beforeAll(async () => {
    repo = await createConsumer("campaign");
    // As a user's shell: no passphrase, no backend chosen (mytpe-links picks the local ones).
    delete repo.env["PULUMI_CONFIG_PASSPHRASE"];
    delete repo.env["PULUMI_BACKEND_URL"];
    await repo.run("npx", [
      "--yes",
      "--prefer-offline",
      "--package",
      repo.tarball,
      "--",
      "mytpe-links",
      "init",
      ".",
      "--name",
      "spring-campaign",
      "--package",
      `file:${repo.tarball}`,
    ]);
    await repo.run("npm", ["install", ...NPM_INSTALL_FLAGS]);
    example = repo.read("links/example.yaml");
  }, INSTALL);
  afterAll(async () => repo?.dispose());

  it(
    "provisions the example links into the local sandbox with npm run up, offline; a second run changes nothing",
    async () => {
      const first = await upFromExample();
      const urls = await urlsOf(first);
      expect(Object.keys(urls).sort()).toEqual(["donation", "voucher-10k"]);
      const state = await links();
      for (const name of ["donation", "voucher-10k"]) expect(await liveStatus(state[name]!.id)).toBe("active");

      const second = await npm("up");
      expect(second.stdout).toMatch(/API calls during this run: \d+ reads?, 0 writes/);
      expect(await urlsOf(second)).toEqual(urls);
    },
    STEP,
  );

  it(
    "npm run check passes on the example and reports a mistake by file, line and field",
    async () => {
      repo.write("links/example.yaml", example);
      expect((await npm("check")).code).toBe(0);

      repo.write("links/example.yaml", example.replace("usage_mode: limited", "usage_mode: limted"));
      const check = await repo.exec("npm", ["run", "--silent", "check"]);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/^links\/example\.yaml:\d+:\d+: links\.voucher-10k\.usage_mode: /m);
      repo.write("links/example.yaml", example);
    },
    STEP,
  );

  it(
    "a title change keeps the link and its URL; a price change on a paid link replaces it",
    async () => {
      const before = await urlsOf(await upFromExample());
      const old = await links();
      await api(`/sandbox/links/${old["voucher-10k"]!.id}/pay`, { payer: "customer@example.com" });

      repo.write("links/example.yaml", example.replace('title: "Solidarity fund"', 'title: "Solidarity fund 2027"').replace("amount: 10000", "amount: 12000"));
      const { stdout, stderr } = await npm("pulumi", "--", "preview", "--diff", "--stack", "local");
      const preview = stdout + stderr;
      expect(preview).toMatch(/~ title\s+: "Solidarity fund" => "Solidarity fund 2027"/);
      expect(preview).toContain("will be REPLACED: amount cannot change once the link has been paid (paid 1 time)");
      const after = await urlsOf(await npm("up"));

      const fresh = await links();
      expect(fresh["donation"]!.id).toBe(old["donation"]!.id);
      expect(fresh["donation"]!.outputs["title"]).toBe("Solidarity fund 2027");
      expect(after["donation"]).toBe(before["donation"]);
      expect(fresh["voucher-10k"]!.id).not.toBe(old["voucher-10k"]!.id);
      expect(await liveStatus(old["voucher-10k"]!.id)).toBe("archived");
      expect(after["voucher-10k"]).not.toBe(before["voucher-10k"]);
    },
    STEP,
  );

  it(
    "refresh takes in a pause made in the dashboard, npm run plan shows the resume, destroy archives the links",
    async () => {
      await upFromExample();
      const state = await links();
      await api(`/links/${state["donation"]!.id}/pause`);

      await npm("pulumi", "--", "refresh", "--yes", "--stack", "local");
      expect((await links())["donation"]!.outputs["status"]).toBe("paused");
      const plan = await repo.exec("npm", ["run", "--silent", "plan", "--", "--stack", "local"], OFFLINE);
      expect(plan.code, plan.stderr).toBe(2); // changes
      expect(repo.read(".plan/plan.md")).toMatch(/`donation`.*`links\/example\.yaml`.*resume/);

      await npm("pulumi", "--", "destroy", "--yes", "--stack", "local");
      expect(await links()).toEqual({});
      for (const link of Object.values(state)) expect(await liveStatus(link.id)).toBe("archived");
    },
    STEP,
  );
});
