// What faults the sandbox injects (issue #6): the input shape taken by `PUT /sandbox/faults`,
// `startSandbox({ faults })` and the CLI flags, its validation (Laravel-style 422 field errors),
// and the normalised settings the fault layer runs on.

import { ApiError, type FieldErrors } from "./api-error.ts";
import { ErrorBag, isPlainObject, say } from "./validation.ts";

/** Faults to inject into the trader API; every field is optional and defaults to "no fault". */
export type FaultConfig = {
  /** Milliseconds added to every faultable request. */
  latency_ms?: number;
  /** Up to this many extra milliseconds, drawn uniformly per request. */
  latency_jitter_ms?: number;
  /** At most `limit` requests per API key per `window_s` seconds; more get 429. */
  rate_limit?: RateLimit | null;
  /** Probability (0..1) of answering 500 or 503 (half each) without applying the request. */
  error_rate?: number;
  /** Probability (0..1) of destroying the socket before the request is applied. */
  drop_rate?: number;
  /** Probability (0..1) of applying the request, then destroying the socket: the write happened, the client never hears. */
  lost_response_rate?: number;
  /** Probability (0..1) of answering 429 with Retry-After: 1 without applying the request (a throttle outside any window). */
  throttle_rate?: number;
  /**
   * Lists sort `created_at` at whole seconds, as the real API stores it, and break ties in a new
   * random order on every request: a link tied at a page boundary may be on two pages, or none.
   */
  shuffle_ties?: boolean;
  /** PRNG seed (unsigned 32-bit integer): the same seed and request sequence give the same faults. */
  seed?: number;
};

export type RateLimit = { limit: number; window_s: number };

/** A FaultConfig with every field present: what the fault layer runs on and what the API reports. */
export type FaultSettings = {
  latency_ms: number;
  latency_jitter_ms: number;
  rate_limit: RateLimit | null;
  error_rate: number;
  drop_rate: number;
  lost_response_rate: number;
  throttle_rate: number;
  shuffle_ties: boolean;
  seed: number;
};

export const NO_FAULTS: Readonly<Omit<FaultSettings, "seed">> = {
  latency_ms: 0,
  latency_jitter_ms: 0,
  rate_limit: null,
  error_rate: 0,
  drop_rate: 0,
  lost_response_rate: 0,
  throttle_rate: 0,
  shuffle_ties: false,
};

/** Ten minutes: enough to outlast any client timeout, short enough that a typo does not hang a run for hours. */
export const MAX_LATENCY_MS = 600_000;
export const MAX_SEED = 0xffff_ffff;

const FIELDS = [
  "latency_ms",
  "latency_jitter_ms",
  "rate_limit",
  "error_rate",
  "drop_rate",
  "lost_response_rate",
  "throttle_rate",
  "shuffle_ties",
  "seed",
] as const;
const RATES = ["error_rate", "drop_rate", "lost_response_rate", "throttle_rate"] as const;

/** A fresh random seed, for runs that did not name one (it is reported, so the run can be replayed). */
export function randomSeed(): number {
  return Math.floor(Math.random() * (MAX_SEED + 1));
}

/** True when the settings inject anything at all. */
export function hasFaults(settings: FaultSettings): boolean {
  return (
    settings.latency_ms > 0 ||
    settings.latency_jitter_ms > 0 ||
    settings.rate_limit !== null ||
    settings.shuffle_ties ||
    RATES.some((rate) => settings[rate] > 0)
  );
}

/** Field errors for a fault config (as received over HTTP, so anything may be in it); empty when valid. */
export function faultConfigErrors(input: Record<string, unknown>): FieldErrors {
  const bag = new ErrorBag();
  for (const key of Object.keys(input)) {
    if (!(FIELDS as readonly string[]).includes(key)) bag.add(key, say.prohibited(key));
  }
  checkInteger(bag, "latency_ms", input.latency_ms, 0, MAX_LATENCY_MS);
  checkInteger(bag, "latency_jitter_ms", input.latency_jitter_ms, 0, MAX_LATENCY_MS);
  checkInteger(bag, "seed", input.seed, 0, MAX_SEED);
  if (input.shuffle_ties !== undefined && typeof input.shuffle_ties !== "boolean") bag.add("shuffle_ties", "The shuffle ties field must be true or false.");
  for (const rate of RATES) {
    const value = input[rate];
    if (value === undefined) continue;
    if (typeof value !== "number" || !Number.isFinite(value)) bag.add(rate, say.numeric(rate));
    else if (value < 0) bag.add(rate, say.atLeast(rate, 0));
    else if (value > 1) bag.add(rate, say.atMost(rate, 1));
  }
  // The rates split one draw per request, so together they are the chance of any failure.
  const given = RATES.filter((rate) => typeof input[rate] === "number" && !bag.has(rate));
  const total = given.reduce((sum, rate) => sum + (input[rate] as number), 0);
  if (total > 1 + 1e-9) {
    for (const rate of given) {
      if ((input[rate] as number) > 0) bag.add(rate, "The error, drop, lost response and throttle rates together may not be greater than 1.");
    }
  }
  const limit = input.rate_limit;
  if (limit !== undefined && limit !== null) {
    if (!isPlainObject(limit)) bag.add("rate_limit", say.object("rate_limit"));
    else {
      for (const key of Object.keys(limit)) {
        if (key !== "limit" && key !== "window_s") bag.add(`rate_limit.${key}`, say.prohibited(`rate_limit.${key}`));
      }
      if (limit.limit === undefined) bag.add("rate_limit.limit", say.required("rate_limit.limit"));
      else checkInteger(bag, "rate_limit.limit", limit.limit, 1, Number.MAX_SAFE_INTEGER);
      if (limit.window_s === undefined) bag.add("rate_limit.window_s", say.required("rate_limit.window_s"));
      else checkInteger(bag, "rate_limit.window_s", limit.window_s, 1, 86_400);
    }
  }
  return bag.toFieldErrors([...FIELDS]);
}

function checkInteger(bag: ErrorBag, field: string, value: unknown, min: number, max: number): void {
  if (value === undefined) return;
  if (typeof value !== "number" || !Number.isInteger(value)) bag.add(field, say.integer(field));
  else if (value < min) bag.add(field, say.atLeast(field, min));
  else if (value > max) bag.add(field, say.atMost(field, max));
}

/**
 * Validates `input` and fills in the defaults; throws the 422 ApiError (an Error whose message is
 * the first field message) when it is not a valid FaultConfig. A missing seed gets a random one.
 */
export function resolveFaultConfig(input: unknown, newSeed: () => number = randomSeed): FaultSettings {
  if (!isPlainObject(input)) {
    throw new ApiError(422, "VALIDATION_ERROR", "The fault config must be a JSON object.", { faults: ["The fault config must be a JSON object."] });
  }
  const errors = faultConfigErrors(input);
  const first = Object.values(errors)[0]?.[0];
  if (first !== undefined) throw new ApiError(422, "VALIDATION_ERROR", first, errors);
  const config = input as FaultConfig;
  return {
    latency_ms: config.latency_ms ?? 0,
    latency_jitter_ms: config.latency_jitter_ms ?? 0,
    rate_limit: config.rate_limit ? { limit: config.rate_limit.limit, window_s: config.rate_limit.window_s } : null,
    error_rate: config.error_rate ?? 0,
    drop_rate: config.drop_rate ?? 0,
    lost_response_rate: config.lost_response_rate ?? 0,
    throttle_rate: config.throttle_rate ?? 0,
    shuffle_ties: config.shuffle_ties ?? false,
    seed: config.seed ?? newSeed(),
  };
}

/** Parses the CLI's `N/Ss` rate limit (`60/60s`: 60 requests per 60 seconds); null when malformed. */
export function parseRateLimit(text: string): RateLimit | null {
  const match = /^(\d+)\/(\d+)s?$/.exec(text.trim());
  if (match === null) return null;
  return { limit: Number(match[1]), window_s: Number(match[2]) };
}
