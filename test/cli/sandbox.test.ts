import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "../..");

type Run = { child: ChildProcessWithoutNullStreams; stdout: () => string; stderr: () => string; exited: Promise<number | null> };

function run(args: string[]): Run {
  const child = spawn(process.execPath, ["dist/cli/main.js", "sandbox", ...args], { cwd: ROOT });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += c.toString()));
  child.stderr.on("data", (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

async function firstLine(r: Run): Promise<string> {
  for (let i = 0; i < 300 && !r.stdout().includes("\n"); i += 1) {
    if (r.child.exitCode !== null) break;
    await new Promise((s) => setTimeout(s, 50));
  }
  return r.stdout();
}

let dir: string | undefined;
let running: Run | undefined;
afterEach(async () => {
  if (running && running.child.exitCode === null) {
    running.child.kill("SIGTERM");
    await running.exited;
  }
  running = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe("mytpe-links sandbox", () => {
  it("prints exactly one JSON line with the documented keys, answers /me with them and exits cleanly on SIGTERM", async () => {
    dir = await mkdtemp(join(tmpdir(), "mytpe-sandbox-cli-"));
    const state = join(dir, "deep", "state.json");
    running = run(["--port", "0", "--state", state]);
    const stdout = await firstLine(running);
    expect(stdout.endsWith("\n")).toBe(true);
    expect(stdout.trimEnd().split("\n")).toHaveLength(1);

    const info = JSON.parse(stdout) as Record<string, unknown> & {
      url: string;
      api_key: string;
      api_secret: string;
      instances: { ready: string };
    };
    expect(Object.keys(info)).toEqual(["url", "pay_url", "api_key", "api_secret", "instances", "forms", "other_trader"]);
    expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/ext$/);
    expect(info.pay_url).toBe(info.url.replace("/api/ext", "/pay"));

    const headers = { "x-api-key": info.api_key, "x-api-secret": info.api_secret, "content-type": "application/json" };
    const me = await fetch(`${info.url}/me`, { headers });
    expect(me.status).toBe(200);
    const other = info["other_trader"] as { api_key: string; api_secret: string };
    const otherMe = await fetch(`${info.url}/me`, { headers: { "x-api-key": other.api_key, "x-api-secret": other.api_secret } });
    expect(((await otherMe.json()) as { data: { name: string } }).data.name).toBe("Other Sandbox Trader");
    const created = await fetch(`${info.url}/links`, {
      method: "POST",
      headers,
      body: JSON.stringify({
        payment_instance_id: info.instances.ready,
        title: "From the CLI test",
        amount_mode: "fixed",
        amount: 100,
        usage_mode: "one_shot",
      }),
    });
    expect(created.status).toBe(201);

    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
    expect(running.stdout()).toBe(stdout);
    expect(existsSync(state)).toBe(true);
  });

  it("injects the faults its flags configure, reports them on the ready line and prints the seed", async () => {
    dir = await mkdtemp(join(tmpdir(), "mytpe-sandbox-cli-"));
    running = run(["--port", "0", "--state", join(dir, "state.json"), "--error-rate", "1", "--seed", "7"]);
    const info = JSON.parse(await firstLine(running)) as { url: string; api_key: string; api_secret: string; faults: unknown };
    expect(Object.keys(info)).toEqual(["url", "pay_url", "api_key", "api_secret", "instances", "forms", "other_trader", "faults"]);
    expect(info.faults).toEqual({
      latency_ms: 0,
      latency_jitter_ms: 0,
      rate_limit: null,
      error_rate: 1,
      drop_rate: 0,
      lost_response_rate: 0,
      throttle_rate: 0,
      shuffle_ties: false,
      seed: 7,
    });
    const me = await fetch(`${info.url}/me`, { headers: { "x-api-key": info.api_key, "x-api-secret": info.api_secret } });
    expect([500, 503]).toContain(me.status);
    expect(running.stderr()).toContain("sandbox: faults seed=7\n");
  });

  it("splits --fault-rate in three, reads --rate-limit N/Ss and prints the random seed it picked", async () => {
    dir = await mkdtemp(join(tmpdir(), "mytpe-sandbox-cli-"));
    const args = ["--state", join(dir, "state.json"), "--fault-rate", "0.3", "--drop-rate", "0", "--rate-limit", "60/60s", "--latency", "5"];
    running = run(args);
    const info = JSON.parse(await firstLine(running)) as { faults: Record<string, unknown> };
    expect(info.faults).toMatchObject({ latency_ms: 5, rate_limit: { limit: 60, window_s: 60 }, error_rate: 0.1, drop_rate: 0, lost_response_rate: 0.1 });
    for (let i = 0; i < 100 && !/seed=\d+\n/.test(running.stderr()); i += 1) await new Promise((s) => setTimeout(s, 20));
    expect(running.stderr()).toMatch(new RegExp(`sandbox: faults seed=${String(info.faults.seed)}\n`));
  });

  it.each([
    ["--bogus"],
    ["--port", "abc"],
    ["--port", "70000"],
    ["stray"],
    ["--error-rate", "2"],
    ["--drop-rate", "abc"],
    ["--error-rate", "0.6", "--lost-rate", "0.6"],
    ["--rate-limit", "60"],
    ["--rate-limit", "0/60s"],
    ["--latency", "1.5"],
    ["--seed", "4294967296"],
  ])("rejects bad flags %s with usage on stderr and exit code 2", async (...args) => {
    running = run(args);
    expect(await running.exited).toBe(2);
    expect(running.stdout()).toBe("");
    expect(running.stderr()).toContain("usage: mytpe-links sandbox");
  });
});
