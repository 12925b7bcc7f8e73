import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { faultConfigErrors, NO_FAULTS, parseRateLimit, type FaultConfig, type FaultSettings } from "../../src/sandbox/fault-config.ts";
import { createFaults, isFaultable, mulberry32, RateLimiter, rollFault, type FaultState } from "../../src/sandbox/faults.ts";
import { jsonResponse, type SandboxRequest } from "../../src/sandbox/pipeline.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { startHarness, type Harness, type Reply } from "./harness.ts";

const settings = (over: Partial<FaultSettings> = {}): FaultSettings => ({ ...NO_FAULTS, seed: 1, ...over });

function request(path: string, method = "GET"): SandboxRequest {
  return { method, path, query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0), bodyTooLarge: false };
}

describe("the fault model", () => {
  it("mulberry32 gives the same floats in [0, 1) for the same seed and different ones for another", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 100 }, () => a());
    expect(Array.from({ length: 100 }, () => b())).toEqual(first);
    expect(Array.from({ length: 100 }, () => c())).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it.each([
    { pick: 0, fault: "error" },
    { pick: 0.124, fault: "error" },
    { pick: 0.125, fault: "drop" },
    { pick: 0.374, fault: "drop" },
    { pick: 0.375, fault: "lost_response" },
    { pick: 0.874, fault: "lost_response" },
    { pick: 0.875, fault: "none" },
    { pick: 0.999, fault: "none" },
  ])("splits one draw between the rates in the order error, drop, lost response: $pick is $fault", ({ pick, fault }) => {
    const config = settings({ error_rate: 0.125, drop_rate: 0.25, lost_response_rate: 0.5 });
    expect(rollFault(config, [0, pick, 0]).fault).toBe(fault);
  });

  it("adds the jitter on top of the latency, never below it, and answers 500 or 503 by the third draw", () => {
    const config = settings({ latency_ms: 100, latency_jitter_ms: 50, error_rate: 1 });
    expect(rollFault(config, [0, 0, 0.49])).toEqual({ delay_ms: 100, fault: "error", status: 500 });
    expect(rollFault(config, [0.999, 0, 0.5])).toEqual({ delay_ms: 150, fault: "error", status: 503 });
  });

  it("rate-limits per key in Laravel-style fixed windows, without counting refused hits", () => {
    const limiter = new RateLimiter({ limit: 2, window_s: 10 });
    expect(limiter.hit("a", 0)).toEqual({ allowed: true, limit: 2, remaining: 1, retry_after_s: 10 });
    expect(limiter.hit("a", 1000).remaining).toBe(0);
    expect(limiter.hit("a", 2500)).toEqual({ allowed: false, limit: 2, remaining: 0, retry_after_s: 8 });
    expect(limiter.hit("b", 2500).allowed).toBe(true);
    expect(limiter.hit("a", 9999)).toMatchObject({ allowed: false, retry_after_s: 1 });
    expect(limiter.hit("a", 10_000)).toMatchObject({ allowed: true, remaining: 1 });
  });

  it.each([
    ["/api/ext/me", true],
    ["/api/ext/links/x/publish", true],
    ["/api/ext/nowhere", true],
    ["/api/ext/sandbox/faults", false],
    ["/api/ext/sandbox/stats", false],
    ["/api/ext/sandbox/links/x/pay", false],
    ["/pay/some-slug", false],
    ["/elsewhere", false],
  ])("faults %s: %s", (path, faultable) => {
    expect(isFaultable(path)).toBe(faultable);
  });

  it("parses the CLI's N/Ss rate limits", () => {
    expect(parseRateLimit("60/60s")).toEqual({ limit: 60, window_s: 60 });
    expect(parseRateLimit("5/1")).toEqual({ limit: 5, window_s: 1 });
    expect(parseRateLimit("60")).toBeNull();
    expect(parseRateLimit("60/1m")).toBeNull();
  });

  it("reports every invalid field of a config in Laravel's words", () => {
    expect(
      faultConfigErrors({
        latency_ms: -1,
        latency_jitter_ms: 1.5,
        error_rate: 2,
        drop_rate: "0.1",
        rate_limit: { limit: 0 },
        seed: 2 ** 32,
        errorRate: 0.1,
      }),
    ).toMatchInlineSnapshot(`
      {
        "drop_rate": [
          "The drop rate must be a number.",
        ],
        "errorRate": [
          "The errorRate field is prohibited.",
        ],
        "error_rate": [
          "The error rate may not be greater than 1.",
        ],
        "latency_jitter_ms": [
          "The latency jitter ms must be an integer.",
        ],
        "latency_ms": [
          "The latency ms must be at least 0.",
        ],
        "rate_limit.limit": [
          "The rate limit.limit must be at least 1.",
        ],
        "rate_limit.window_s": [
          "The rate limit.window s field is required.",
        ],
        "seed": [
          "The seed may not be greater than 4294967295.",
        ],
      }
    `);
    expect(faultConfigErrors({ error_rate: 0.5, drop_rate: 0.4, lost_response_rate: 0.2 })).toEqual({
      error_rate: ["The error, drop, lost response and throttle rates together may not be greater than 1."],
      drop_rate: ["The error, drop, lost response and throttle rates together may not be greater than 1."],
      lost_response_rate: ["The error, drop, lost response and throttle rates together may not be greater than 1."],
    });
    expect(faultConfigErrors({ error_rate: 1 / 3, drop_rate: 1 / 3, lost_response_rate: 1 / 3, rate_limit: null })).toEqual({});
  });

  it("applies the request before dropping a lost response, and never applies a dropped one", async () => {
    const applied: string[] = [];
    const next = async (req: SandboxRequest) => {
      applied.push(req.path);
      return jsonResponse(201, {});
    };
    const lost = createFaults({ config: { lost_response_rate: 1 } });
    expect(await lost.layer(request("/api/ext/links", "POST"), next)).toEqual({ kind: "drop" });
    const dropped = createFaults({ config: { drop_rate: 1 } });
    expect(await dropped.layer(request("/api/ext/links/b", "PUT"), next)).toEqual({ kind: "drop" });
    expect(applied).toEqual(["/api/ext/links"]);
    expect(lost.state().injected).toEqual({ latency: 0, rate_limited: 0, error: 0, drop: 0, lost_response: 1, throttled: 0 });
    expect(dropped.state().injected.drop).toBe(1);
  });

  it("throttles a request with 429 and Retry-After: 1 without applying it", async () => {
    const applied: string[] = [];
    const throttled = createFaults({ config: { throttle_rate: 1 } });
    const outcome = await throttled.layer(request("/api/ext/links", "POST"), async (req) => {
      applied.push(req.path);
      return jsonResponse(201, {});
    });
    expect(outcome).toMatchObject({ kind: "response", status: 429, headers: { "retry-after": "1" } });
    expect(applied).toEqual([]);
    expect(throttled.state().injected.throttled).toBe(1);
  });

  it("waits through the injected sleep for the drawn delay", async () => {
    const waits: number[] = [];
    const faults = createFaults({ config: { latency_ms: 30, latency_jitter_ms: 10, seed: 9 }, sleep: async (ms) => void waits.push(ms) });
    for (let i = 0; i < 20; i += 1) await faults.layer(request("/api/ext/me"), async () => jsonResponse(200, {}));
    expect(waits).toHaveLength(20);
    expect(waits.every((ms) => ms >= 30 && ms <= 40)).toBe(true);
    expect(faults.state().injected.latency).toBe(20);
  });
});

type Attempt = Reply | { failed: Error };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.stop());
beforeEach(() => h.sandbox.setFaults({}));

/** Like h.api, but a transport failure (dropped connection) is a value, not a throw. */
async function attempt(method: string, path: string, body?: unknown): Promise<Attempt> {
  try {
    return await h.api(method, path, body);
  } catch (error) {
    return { failed: error as Error };
  }
}

function outcomeOf(a: Attempt): number | "dropped" {
  return "failed" in a ? "dropped" : a.status;
}

/** The low-level reason undici gives for a connection closed before the response. */
function socketCode(a: Attempt): string | undefined {
  if (!("failed" in a)) return undefined;
  const cause = (a.failed as Error & { cause?: { code?: string } }).cause;
  return cause?.code;
}

const linkBody = (title: string) => ({
  payment_instance_id: h.sandbox.instances.ready,
  title,
  amount_mode: "fixed",
  amount: 4500,
  usage_mode: "reusable",
});

describe("faults in the running sandbox", () => {
  it("gives the same sequence of injected faults over 200 requests for the same seed", async () => {
    const config: FaultConfig = { error_rate: 0.2, drop_rate: 0.1, lost_response_rate: 0.1, seed: 1234 };
    const runOnce = async (c: FaultConfig): Promise<{ outcomes: (number | "dropped")[]; state: FaultState }> => {
      h.sandbox.setFaults(c);
      const outcomes: (number | "dropped")[] = [];
      for (let i = 0; i < 200; i += 1) outcomes.push(outcomeOf(await attempt("GET", "/me")));
      return { outcomes, state: h.sandbox.faults() };
    };
    const first = await runOnce(config);
    const second = await runOnce(config);
    expect(second.outcomes).toEqual(first.outcomes);
    expect(second.state).toEqual(first.state);

    const { injected } = first.state;
    expect(injected.error).toBeGreaterThan(0);
    expect(injected.drop).toBeGreaterThan(0);
    expect(injected.lost_response).toBeGreaterThan(0);
    expect(first.outcomes.filter((o) => o === 500 || o === 503)).toHaveLength(injected.error);
    expect(first.outcomes.filter((o) => o === "dropped")).toHaveLength(injected.drop + injected.lost_response);
    expect(first.outcomes.filter((o) => o === 200)).toHaveLength(200 - injected.error - injected.drop - injected.lost_response);

    const other = await runOnce({ ...config, seed: 4321 });
    expect(other.outcomes).not.toEqual(first.outcomes);
  });

  it("with error_rate 1 answers every API request 500 or 503 and writes nothing", async () => {
    const before = h.sandbox.links().length;
    h.sandbox.setFaults({ error_rate: 1, seed: 5 });
    const statuses = new Set<number>();
    for (let i = 0; i < 20; i += 1) {
      const reply = await h.api("POST", "/links", linkBody(`Never written ${i}`));
      statuses.add(reply.status);
      expect(reply.body).toEqual(
        reply.status === 500
          ? { error: "SERVER_ERROR", message: "Internal server error." }
          : { error: "SERVICE_UNAVAILABLE", message: "Service temporarily unavailable." },
      );
    }
    expect([...statuses].sort()).toEqual([500, 503]);
    expect([500, 503]).toContain((await h.api("GET", "/me")).status);
    expect(h.sandbox.links()).toHaveLength(before);
    expect(h.sandbox.faults().injected.error).toBe(21);
  });

  it("with drop_rate 1 fails the fetch with a socket error and writes nothing", async () => {
    const before = h.sandbox.links().length;
    h.sandbox.setFaults({ drop_rate: 1 });
    const result = await attempt("POST", "/links", linkBody("Dropped"));
    expect(outcomeOf(result)).toBe("dropped");
    expect(socketCode(result)).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
    expect(h.sandbox.links()).toHaveLength(before);
    expect(h.sandbox.faults().injected.drop).toBe(1);
    expect(h.sandbox.requests.at(-1)).toMatchObject({ route: "POST /links", status: 0 });
  });

  it("with lost_response_rate 1 fails the fetch of POST /links, yet the link exists afterwards", async () => {
    h.sandbox.setFaults({ lost_response_rate: 1 });
    const result = await attempt("POST", "/links", linkBody("Lost response"));
    expect(outcomeOf(result)).toBe("dropped");
    expect(socketCode(result)).toMatch(/^(UND_ERR_SOCKET|ECONNRESET)$/);
    expect(h.sandbox.links().filter((l) => l.title === "Lost response")).toHaveLength(1);
    expect(h.sandbox.faults().injected.lost_response).toBe(1);
  });

  it("rate-limits 3/60s per key: the 4th request is 429 with Retry-After, unapplied, and the window frees later", async () => {
    h.sandbox.setFaults({ rate_limit: { limit: 3, window_s: 60 } });
    const allowed: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const reply = await h.api("GET", "/me");
      expect(reply.status).toBe(200);
      expect(reply.headers.get("x-ratelimit-limit")).toBe("3");
      allowed.push(reply.headers.get("x-ratelimit-remaining") ?? "missing");
    }
    expect(allowed).toEqual(["2", "1", "0"]);

    const refused = await h.api("GET", "/me");
    expect(refused.status).toBe(429);
    expect(refused.text).toBe('{"error":"TOO_MANY_REQUESTS","message":"Too many requests."}');
    expect(refused.headers.get("retry-after")).toBe("60");
    expect(refused.headers.get("x-ratelimit-limit")).toBe("3");
    expect(refused.headers.get("x-ratelimit-remaining")).toBe("0");

    h.advance(30_500);
    const before = h.sandbox.links().length;
    const create = await h.api("POST", "/links", linkBody("Rate limited"));
    expect(create.status).toBe(429);
    expect(create.headers.get("retry-after")).toBe("30");
    expect(h.sandbox.links()).toHaveLength(before);

    // Another key has its own window (and is then refused by auth, with the headers still on).
    const stranger = await h.api("GET", "/me", undefined, { headers: { "x-api-key": "mtk_live_someone_else" } });
    expect(stranger.status).toBe(401);
    expect(stranger.headers.get("x-ratelimit-remaining")).toBe("2");

    h.advance(29_500);
    const freed = await h.api("GET", "/me");
    expect(freed.status).toBe(200);
    expect(freed.headers.get("x-ratelimit-remaining")).toBe("2");
    expect(h.sandbox.faults().injected.rate_limited).toBe(2);
  });

  it("adds at least the configured latency", async () => {
    h.sandbox.setFaults({ latency_ms: 60 });
    let started = performance.now();
    expect((await h.api("GET", "/me")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);

    h.sandbox.setFaults({ latency_ms: 20, latency_jitter_ms: 30 });
    started = performance.now();
    expect((await h.api("GET", "/links")).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(20);
    expect(h.sandbox.faults().injected.latency).toBe(1);
  });

  it("answers no fault headers when no rate limit is set", async () => {
    const reply = await h.api("GET", "/me");
    expect(reply.headers.has("x-ratelimit-limit")).toBe(false);
    expect(reply.headers.has("retry-after")).toBe(false);
  });

  it("exempts the fault control, the stats, the simulated payment and the pay page from faults", async () => {
    const link = await h.createActive({ title: "Exempt" });
    h.sandbox.setFaults({ error_rate: 1, rate_limit: { limit: 1, window_s: 60 } });
    for (let i = 0; i < 3; i += 1) {
      const stats = await h.api("GET", "/sandbox/stats");
      expect(stats.status).toBe(200);
      expect(stats.headers.has("x-ratelimit-limit")).toBe(false);
      expect((await h.api("GET", "/sandbox/faults")).status).toBe(200);
    }
    expect((await h.pay(link.id, { amount: 4500 })).status).toBe(201);
    expect((await fetch(`${h.sandbox.payUrl}/${link.slug}`)).status).toBe(200);
    expect(h.sandbox.faults().injected).toEqual({ latency: 0, rate_limited: 0, error: 0, drop: 0, lost_response: 0, throttled: 0 });
    expect([500, 503]).toContain((await h.api("GET", "/me")).status);
  });
});

describe("the fault control endpoint", () => {
  it("round-trips PUT, GET and DELETE, resetting the counters", async () => {
    const put = await h.api("PUT", "/sandbox/faults", { error_rate: 1, rate_limit: { limit: 100, window_s: 60 }, seed: 77 });
    expect(put.status).toBe(200);
    const config = {
      latency_ms: 0,
      latency_jitter_ms: 0,
      rate_limit: { limit: 100, window_s: 60 },
      error_rate: 1,
      drop_rate: 0,
      lost_response_rate: 0,
      throttle_rate: 0,
      seed: 77,
    };
    expect(put.body.data).toEqual({ config, injected: { latency: 0, rate_limited: 0, error: 0, drop: 0, lost_response: 0, throttled: 0 } });

    expect([500, 503]).toContain((await h.api("GET", "/me")).status);
    const got = await h.api("GET", "/sandbox/faults");
    expect(got.body.data).toEqual({ config, injected: { latency: 0, rate_limited: 0, error: 1, drop: 0, lost_response: 0, throttled: 0 } });
    expect(h.sandbox.faults()).toEqual(got.body.data);

    const deleted = await h.api("DELETE", "/sandbox/faults");
    expect(deleted.status).toBe(200);
    const cleared = deleted.body.data as FaultState;
    expect(cleared.config).toEqual({ ...NO_FAULTS, seed: cleared.config.seed });
    expect(cleared.injected.error).toBe(0);
    expect((await h.api("GET", "/me")).status).toBe(200);
  });

  it("picks and reports a seed when the config names none", async () => {
    const put = await h.api("PUT", "/sandbox/faults", { drop_rate: 0.5 });
    const { seed } = (put.body.data as FaultState).config;
    expect(Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff).toBe(true);
  });

  it("refuses an invalid config with 422 and keeps the previous one", async () => {
    h.sandbox.setFaults({ latency_ms: 1, seed: 3 });
    const reply = await h.api("PUT", "/sandbox/faults", { error_rate: 2 });
    expect(reply.status).toBe(422);
    expect(reply.body).toEqual({
      error: "VALIDATION_ERROR",
      message: "The error rate may not be greater than 1.",
      errors: { error_rate: ["The error rate may not be greater than 1."] },
    });
    expect((await h.api("PUT", "/sandbox/faults", { rate_limit: { limit: 0, window_s: 60 } })).status).toBe(422);
    expect((await h.api("PUT", "/sandbox/faults", { drop: 1 })).status).toBe(422);
    expect((await h.api("PUT", "/sandbox/faults", undefined, { raw: "{nope" })).status).toBe(400);
    expect(h.sandbox.faults().config).toMatchObject({ latency_ms: 1, seed: 3 });
    expect(() => h.sandbox.setFaults({ drop_rate: -0.5 })).toThrow("The drop rate must be at least 0.");
  });

  it("asks for credentials like every route", async () => {
    const res = await fetch(`${h.sandbox.url}/sandbox/faults`, { method: "PUT", body: "{}" });
    expect(res.status).toBe(401);
  });
});

describe("startSandbox({ faults })", () => {
  it("injects the configured faults from the start and refuses an invalid config", async () => {
    const sandbox = await startSandbox({ faults: { error_rate: 1, seed: 11 } });
    try {
      const res = await fetch(`${sandbox.url}/me`, { headers: { "x-api-key": sandbox.apiKey, "x-api-secret": sandbox.apiSecret } });
      expect([500, 503]).toContain(res.status);
      expect(sandbox.faults().config).toMatchObject({ error_rate: 1, seed: 11 });
    } finally {
      await sandbox.close();
    }
    await expect(startSandbox({ faults: { error_rate: 1.5 } })).rejects.toThrow("The error rate may not be greater than 1.");
  });
});
