// Faults in the running sandbox over HTTP: what each fault does to a request (and whether it was
// applied), the control endpoint that sets them, and faults given at start.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NO_FAULTS, type FaultConfig } from "../../src/sandbox/fault-config.ts";
import type { FaultState } from "../../src/sandbox/faults.ts";
import { startSandbox } from "../../src/sandbox/server.ts";
import { startHarness, type Harness, type Reply } from "./harness.ts";

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
      shuffle_ties: false,
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
