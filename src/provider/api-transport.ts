// Runs inside the Pulumi provider host: the one connection pool of a provider process, and how
// it rides out a flaky network and a rate-limited API.
// - undici's EnvHttpProxyAgent: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured as usual.
// - undici's retry interceptor: reads and idempotent writes are retried on 5xx and on dropped
//   connections, with exponential backoff plus full jitter, at most `maxRetries` times. A 429 is
//   retried for every request, `POST /links` included — it proves nothing was applied — for as
//   long as the call's deadline allows, after the API's Retry-After (capped: MAX_RETRY_AFTER_MS).
//   Any other failure of `POST /links` is ambiguous (the link may exist): the provider retries it
//   itself, with the same backoff, after looking for the link it may have made (recovery.ts).
// - a pacer: after a 429, every request of the process waits until the API's Retry-After, and
//   never more than `concurrency` requests are in flight, so a rate limit is not hammered.
import type { Dispatcher } from "undici";

export interface TransportOptions {
  /** Requests in flight at once, across all links of the process. */
  concurrency?: number;
  /** Retries of one request before its last answer is returned. */
  maxRetries?: number;
  /** First backoff, doubled at each retry (plus jitter), capped by maxBackoffMs. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Per attempt: headers and body each. */
  attemptTimeoutMs?: number;
}

/**
 * The longest Retry-After the provider waits for. A 429 asking for more (an hour, or an HTTP date
 * from a skewed clock) fails its call with a message naming this limit instead of stalling the run.
 */
export const MAX_RETRY_AFTER_MS = 60_000;

/** Gates requests: bounded concurrency, and a pause the whole process honours after a 429. */
export class Pacer {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(private readonly concurrency: number) {}

  /** Requests holding a slot now (for tests and progress notes). */
  get active(): number {
    return this.inFlight;
  }

  /** Waits for a slot and for any rate-limit pause; returns the release function. */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    // A loop, not an `if`: a request arriving between a release and the woken waiter may take the
    // slot first, and the waiter must then wait again (at the head of the queue) rather than
    // make the requests in flight one more than allowed.
    for (let first = true; this.inFlight >= this.concurrency; first = false) await this.queue(first ? "tail" : "head", signal);
    this.inFlight++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.waiting.shift()?.();
    };
    try {
      await this.pause(signal);
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  /**
   * Waits in the queue for a release. A waiter that gives up (its deadline passed) leaves the
   * queue at once: left there, it would take the wake-up of the next release and a live waiter
   * would sleep while a slot is free. A woken waiter is out of the queue before it can abort.
   */
  private queue(end: "head" | "tail", signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const wake = () => {
        signal?.removeEventListener("abort", giveUp);
        resolve();
      };
      const giveUp = () => {
        const at = this.waiting.indexOf(wake);
        if (at !== -1) this.waiting.splice(at, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener("abort", giveUp, { once: true });
      if (end === "head") this.waiting.unshift(wake);
      else this.waiting.push(wake);
    });
  }

  /** Resolves once no rate-limit pause is in force. */
  async pause(signal?: AbortSignal): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      await abortable(new Promise((resolve) => setTimeout(resolve, wait)), signal);
    }
  }

  /** Holds every request back for `ms` from now (never shortens a longer pause). */
  holdFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }
}

export interface Transport {
  dispatcher: Dispatcher;
  pacer: Pacer;
  /** The wait before retry number `attempt` (1, 2, ...): the same backoff for every kind of call. */
  backoff(attempt: number): number;
  /** How many times a failed call is retried (429s aside: those are retried until the deadline). */
  maxRetries: number;
}

const RETRIED_STATUS = [500, 502, 503, 504];

export async function createTransport(options: TransportOptions = {}): Promise<Transport> {
  // Loaded lazily: this module runs in the provider host, which starts without any loader.
  const { EnvHttpProxyAgent, interceptors } = await import("undici");
  const pacer = new Pacer(options.concurrency ?? 8);
  const maxRetries = options.maxRetries ?? 6;
  const backoff = (attempt: number) => backoffMs(attempt, options.minBackoffMs ?? 250, options.maxBackoffMs ?? 20_000);
  const attemptTimeout = options.attemptTimeoutMs ?? 30_000;

  const dispatcher = new EnvHttpProxyAgent({
    headersTimeout: attemptTimeout,
    bodyTimeout: attemptTimeout,
    keepAliveTimeout: 4_000,
  }).compose(
    interceptors.retry({
      maxRetries,
      methods: ["GET", "HEAD", "PUT"],
      statusCodes: [429, ...RETRIED_STATUS],
      errorCodes: [
        "ECONNRESET",
        "ECONNREFUSED",
        "EPIPE",
        "ETIMEDOUT",
        "ENETUNREACH",
        "EHOSTUNREACH",
        "UND_ERR_SOCKET",
        "UND_ERR_CONNECT_TIMEOUT",
        "UND_ERR_HEADERS_TIMEOUT",
        "UND_ERR_BODY_TIMEOUT",
      ],
      // Hand the last answer back as it is, so its error envelope reaches the caller.
      throwOnError: false,
      retry(error, { state, opts }, callback) {
        const { statusCode, code, headers } = error as Error & {
          statusCode?: number;
          code?: string;
          headers?: Record<string, string | string[] | undefined>;
        };
        const retry = opts.retryOptions ?? {};
        const throttled = statusCode === 429;
        const retryAfter = throttled ? retryAfterMs(headers?.["retry-after"]) : undefined;
        // A 429 was not applied, whatever the method: retried until the call's deadline, unless
        // the API asks for a longer wait than we allow (the caller then says so).
        const retriable = throttled
          ? (retryAfter ?? 0) <= MAX_RETRY_AFTER_MS
          : (retry.methods ?? []).includes(opts.method) &&
            state.counter <= (retry.maxRetries ?? 0) &&
            ((statusCode !== undefined && RETRIED_STATUS.includes(statusCode)) ||
              (statusCode === undefined && typeof code === "string" && (retry.errorCodes ?? []).includes(code)));
        if (!retriable) {
          callback(error);
          return;
        }
        if (retryAfter !== undefined) pacer.holdFor(retryAfter);
        // Never sooner than the API asked.
        const wait = Math.max(backoff(state.counter), retryAfter ?? 0);
        setTimeout(() => void pacer.pause().then(() => callback(null)), wait);
      },
    }),
  );
  return { dispatcher, pacer, backoff, maxRetries };
}

/** Exponential backoff with full jitter: a random wait up to min·2^(attempt−1), capped at max. */
export function backoffMs(attempt: number, minMs: number, maxMs: number): number {
  return Math.random() * Math.min(maxMs, minMs * 2 ** (Math.max(1, attempt) - 1));
}

/** Rejects when `signal` aborts first (the call's deadline), with the signal's reason. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error as Error);
      },
    );
  });
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  const seconds = Number(text);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
