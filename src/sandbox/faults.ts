// Fault injection on demand (issue #6): a Layer (see pipeline.ts) that adds latency, enforces a
// per-key rate limit, and answers 500/503, drops the connection, loses the response after the
// write was applied, or answers 429 (throttle) — each with a probability drawn from a seeded PRNG, so a failing run replays.
//
// Replay rule: every faultable request takes exactly three draws (jitter, fault, 500-or-503), in
// arrival order, whatever the config; so request n's fault depends only on the seed, the config
// and n (and, for the rate limit, on the sandbox clock).

import { NO_FAULTS, randomSeed, resolveFaultConfig, type FaultConfig, type FaultSettings, type RateLimit } from "./fault-config.ts";
import { jsonResponse, type Layer, type Outcome, type SandboxRequest } from "./pipeline.ts";
import { API_PREFIX } from "./router.ts";

/** How many faults of each kind were injected since the config was last set. */
export type FaultCounts = { latency: number; rate_limited: number; error: number; drop: number; lost_response: number; throttled: number };

/** What `GET /sandbox/faults` and `Sandbox.faults()` report. */
export type FaultState = { config: FaultSettings; injected: FaultCounts };

/** The control surface the `/sandbox/faults` handlers and the Sandbox handle use. */
export type FaultControl = {
  /** Replaces the config (validated; throws a 422 ApiError), resets the PRNG to its seed, the counters and the rate-limit windows. */
  set(config: FaultConfig): void;
  /** Removes every fault (a fresh random seed is kept for a later config without one). */
  clear(): void;
  state(): FaultState;
  /**
   * With `shuffle_ties`: a fresh random draw for each link of a listing, to order links listed at
   * the same whole second (its own PRNG stream from the seed, so the other faults replay as before).
   */
  tieOrder(): (() => number) | undefined;
};

export type Faults = FaultControl & { layer: Layer };

export type FaultOptions = {
  config?: FaultConfig;
  /** Clock for the rate-limit windows, in epoch milliseconds. */
  now?: () => number;
  /** Waits at least `ms` milliseconds (latency); injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  newSeed?: () => number;
};

/** The random fault picked for one request, before the rate limit is consulted. */
export type Roll = { delay_ms: number; fault: "none" | "error" | "drop" | "lost_response" | "throttle"; status: 500 | 503 };

const TOO_MANY_REQUESTS = { error: "TOO_MANY_REQUESTS", message: "Too many requests." };
const SERVER_ERROR = { error: "SERVER_ERROR", message: "Internal server error." };
const SERVICE_UNAVAILABLE = { error: "SERVICE_UNAVAILABLE", message: "Service temporarily unavailable." };

/** mulberry32: a tiny 32-bit seeded PRNG (https://gist.github.com/tommyettinger/46a874533244883189143505d203312c); floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Faults apply to the trader API only: not to the sandbox's own routes (fault control, stats, the
 * simulated customer payment) nor to the public payment page, which a customer opens, not our client.
 */
export function isFaultable(path: string): boolean {
  if (path !== API_PREFIX && !path.startsWith(`${API_PREFIX}/`)) return false;
  return !(path === `${API_PREFIX}/sandbox` || path.startsWith(`${API_PREFIX}/sandbox/`));
}

/**
 * Turns one request's three draws into its fault: the rates split [0, 1) in the order error, drop,
 * lost response, throttle (last, so that configs without it replay as before).
 */
export function rollFault(settings: FaultSettings, draws: readonly [number, number, number]): Roll {
  const [jitter, pick, variant] = draws;
  const delay_ms = settings.latency_ms + Math.floor(jitter * (settings.latency_jitter_ms + 1));
  const status = variant < 0.5 ? 500 : 503;
  let edge = settings.error_rate;
  if (pick < edge) return { delay_ms, fault: "error", status };
  edge += settings.drop_rate;
  if (pick < edge) return { delay_ms, fault: "drop", status };
  edge += settings.lost_response_rate;
  if (pick < edge) return { delay_ms, fault: "lost_response", status };
  edge += settings.throttle_rate;
  if (pick < edge) return { delay_ms, fault: "throttle", status };
  return { delay_ms, fault: "none", status };
}

export type RateVerdict = { allowed: boolean; limit: number; remaining: number; retry_after_s: number };

/**
 * Laravel's limiter (a fixed window per key, opened by the key's first hit): at most `limit` hits
 * per window; refused hits do not count. `retry_after_s` is the whole seconds until the window ends.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(readonly rule: RateLimit) {}

  hit(key: string, now: number): RateVerdict {
    const length = this.rule.window_s * 1000;
    let window = this.windows.get(key);
    if (window === undefined || now >= window.start + length || now < window.start) {
      if (this.windows.size > 10_000) this.prune(now);
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    const retry_after_s = Math.max(1, Math.ceil((window.start + length - now) / 1000));
    if (window.count >= this.rule.limit) return { allowed: false, limit: this.rule.limit, remaining: 0, retry_after_s };
    window.count += 1;
    return { allowed: true, limit: this.rule.limit, remaining: this.rule.limit - window.count, retry_after_s };
  }

  /** Forgets ended windows, so clients sending random keys cannot grow the map forever. */
  private prune(now: number): void {
    const length = this.rule.window_s * 1000;
    for (const [key, window] of this.windows) if (now >= window.start + length) this.windows.delete(key);
  }
}

/** Sleeps at least `ms` by the monotonic clock (a timer may fire up to a millisecond early by it). */
export async function sleepAtLeast(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    await new Promise((resolve) => setTimeout(resolve, Math.ceil(left)));
  }
}

function apiKeyOf(req: SandboxRequest): string {
  const key = req.headers["x-api-key"];
  return (Array.isArray(key) ? key[0] : key) ?? "";
}

function zeroCounts(): FaultCounts {
  return { latency: 0, rate_limited: 0, error: 0, drop: 0, lost_response: 0, throttled: 0 };
}

export function createFaults(options: FaultOptions = {}): Faults {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? sleepAtLeast;
  const newSeed = options.newSeed ?? randomSeed;

  let settings: FaultSettings = { ...NO_FAULTS, seed: newSeed() };
  let random = mulberry32(settings.seed);
  let ties = mulberry32(settings.seed ^ 0x7e5_71e5);
  let limiter: RateLimiter | null = null;
  let counts = zeroCounts();

  const install = (next: FaultSettings): void => {
    settings = next;
    random = mulberry32(next.seed);
    ties = mulberry32(next.seed ^ 0x7e5_71e5);
    limiter = next.rate_limit === null ? null : new RateLimiter(next.rate_limit);
    counts = zeroCounts();
  };
  if (options.config !== undefined) install(resolveFaultConfig(options.config, newSeed));

  const layer: Layer = async (req, next): Promise<Outcome> => {
    if (!isFaultable(req.path)) return next(req);
    // Draw before anything awaits, so arrival order alone decides who gets which draws.
    const roll = rollFault(settings, [random(), random(), random()]);
    const active = { counts, limiter };
    if (roll.delay_ms > 0) {
      active.counts.latency += 1;
      await sleep(roll.delay_ms);
    }
    let limitHeaders: Record<string, string> = {};
    if (active.limiter !== null) {
      const verdict = active.limiter.hit(apiKeyOf(req), now());
      limitHeaders = { "x-ratelimit-limit": String(verdict.limit), "x-ratelimit-remaining": String(verdict.remaining) };
      if (!verdict.allowed) {
        active.counts.rate_limited += 1;
        return jsonResponse(429, TOO_MANY_REQUESTS, { ...limitHeaders, "retry-after": String(verdict.retry_after_s) });
      }
    }
    switch (roll.fault) {
      case "error":
        active.counts.error += 1;
        return jsonResponse(roll.status, roll.status === 500 ? SERVER_ERROR : SERVICE_UNAVAILABLE, limitHeaders);
      case "drop":
        active.counts.drop += 1;
        return { kind: "drop" };
      case "lost_response":
        active.counts.lost_response += 1;
        await next(req);
        return { kind: "drop" };
      case "throttle":
        active.counts.throttled += 1;
        return jsonResponse(429, TOO_MANY_REQUESTS, { ...limitHeaders, "retry-after": "1" });
      case "none": {
        const outcome = await next(req);
        return outcome.kind === "response" ? { ...outcome, headers: { ...outcome.headers, ...limitHeaders } } : outcome;
      }
    }
  };

  return {
    layer,
    set: (config) => install(resolveFaultConfig(config, newSeed)),
    clear: () => install({ ...NO_FAULTS, seed: newSeed() }),
    state: () => ({ config: structuredClone(settings), injected: { ...counts } }),
    tieOrder: () => (settings.shuffle_ties ? ties : undefined),
  };
}
