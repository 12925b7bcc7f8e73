// Runs inside the Pulumi provider host: the one connection pool of a provider process, and how
// it rides out a flaky network and a rate-limited API.
// - undici's EnvHttpProxyAgent: HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured as usual.
// - undici's retry interceptor: reads and idempotent writes are retried on 429/5xx and on dropped
//   connections, with exponential backoff plus jitter, Retry-After honoured. `POST /links` is
//   never in the retried methods: a create is retried only by the provider, after it has looked
//   for the link it may already have made (see payment-link-host.ts).
// - a pacer: after a 429, every request of the process waits until the API's Retry-After, and
//   no more than `concurrency` requests are in flight, so a rate limit is not hammered.
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

/** Gates requests: bounded concurrency, and a pause the whole process honours after a 429. */
export class Pacer {
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(private readonly concurrency: number) {}

  /** Waits for a slot and for any rate-limit pause; returns the release function. */
  async acquire(): Promise<() => void> {
    if (this.inFlight >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.inFlight++;
    await this.pause();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inFlight--;
      this.waiting.shift()?.();
    };
  }

  /** Resolves once no rate-limit pause is in force. */
  async pause(): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      await new Promise((resolve) => setTimeout(resolve, wait));
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
}

const RETRIED_STATUS = [429, 500, 502, 503, 504];

export async function createTransport(options: TransportOptions = {}): Promise<Transport> {
  // Loaded lazily: this module runs in the provider host, which starts without any loader.
  const { EnvHttpProxyAgent, interceptors } = await import("undici");
  const pacer = new Pacer(options.concurrency ?? 8);
  const maxBackoff = options.maxBackoffMs ?? 20_000;
  const minBackoff = options.minBackoffMs ?? 250;
  const attemptTimeout = options.attemptTimeoutMs ?? 30_000;

  const dispatcher = new EnvHttpProxyAgent({
    headersTimeout: attemptTimeout,
    bodyTimeout: attemptTimeout,
    keepAliveTimeout: 4_000,
  }).compose(
    interceptors.retry({
      maxRetries: options.maxRetries ?? 6,
      methods: ["GET", "HEAD", "PUT"],
      statusCodes: RETRIED_STATUS,
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
        const retriable =
          (statusCode !== undefined && RETRIED_STATUS.includes(statusCode)) ||
          (statusCode === undefined && typeof code === "string" && (retry.errorCodes ?? []).includes(code));
        const methodOk = (retry.methods ?? []).includes(opts.method);
        if (!retriable || !methodOk || state.counter > (retry.maxRetries ?? 0)) {
          callback(error);
          return;
        }
        const retryAfter = retryAfterMs(headers?.["retry-after"]);
        if (retryAfter !== undefined) pacer.holdFor(retryAfter);
        // Full jitter on an exponential backoff, never below what the API asked for.
        const backoff = Math.random() * Math.min(maxBackoff, minBackoff * 2 ** (state.counter - 1));
        const wait = Math.max(backoff, retryAfter ?? 0);
        setTimeout(() => void pacer.pause().then(() => callback(null)), wait);
      },
    }),
  );
  return { dispatcher, pacer };
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
