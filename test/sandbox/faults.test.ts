// The fault model of the sandbox, in process: seeded draws, how one draw picks a fault, rate-limit
// windows, which paths are faultable, config validation, and the layer that applies them.
import { describe, expect, it } from "vitest";
import { faultConfigErrors, NO_FAULTS, parseRateLimit, type FaultSettings } from "../../src/sandbox/fault-config.ts";
import { createFaults, isFaultable, mulberry32, RateLimiter, rollFault } from "../../src/sandbox/faults.ts";
import { jsonResponse, type SandboxRequest } from "../../src/sandbox/pipeline.ts";

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
