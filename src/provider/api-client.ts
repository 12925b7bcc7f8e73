// Runs inside the Pulumi provider host (through link-api.ts, loaded by the v1 entry, v1.cts) and in
// the `links` command: the one HTTP choke point to the MyTPE API. Every request goes through
// `apiRequest`, which waits for a slot of the process's pacer (api-transport.ts), then sends with
// the base URL, the auth headers and JSON under one deadline for the whole call, and turns every
// failure (error status, no answer, a Retry-After longer than MAX_RETRY_AFTER_MS, a body that is
// not JSON) into an ApiError whose message names the operation, the link and the API's own words,
// credentials redacted. Retries are the transport's (its dispatcher), not this module's.
import type { Dispatcher } from "undici";
import { MAX_RETRY_AFTER_MS, retryAfterMs, type Pacer } from "./api-transport.ts";

/** Where and as whom to call the API. */
export interface ApiConfig {
  /** Base URL, e.g. https://api.mytpe.appp/api/ext */
  apiUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Per-request timeout in milliseconds (headers and body each). */
  timeoutMs?: number;
  /** The process's pool with its retry policy (api-transport.ts), or a MockAgent in tests. */
  dispatcher?: Dispatcher;
  /** Bounds concurrency and honours rate-limit pauses across the process. */
  pacer?: Pacer;
}

export interface RequestOptions {
  /**
   * The call may be repeated safely (the lifecycle actions: a repeat answers 409 and the
   * caller checks the live status). GET and PUT are retried anyway; `POST /links` never is.
   */
  retryable?: boolean;
}

/** What a request is for, so an error can say which operation on which link failed. */
export interface ApiOperation {
  /** e.g. "create payment link", "publish payment link" */
  operation: string;
  /** The link's declared name or id, when there is one. */
  link?: string;
}

/** The error thrown for any failed call. A plain Error with fields, recognisable by `name`. */
export interface ApiError extends Error {
  name: "MyTpeApiError";
  /** HTTP status, or 0 when no response arrived (network error, timeout). */
  status: number;
  /** The API's error code (`VALIDATION_ERROR`, `INVALID_STATE`, ...) or a transport code. */
  code: string;
  /** 422 field errors, as the API sent them. */
  fieldErrors: Record<string, string[]>;
  method: string;
  path: string;
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof Error && error.name === "MyTpeApiError";
}

/**
 * For one call, everything included: the wait for a free slot, the pauses the API's rate limit
 * asks for, every attempt and retry. A run never hangs on one call for longer.
 */
export const DEFAULT_TIMEOUT_MS = 300_000;

/**
 * Calls the API and returns the parsed JSON body (undefined for 204). Throws an ApiError for any
 * status ≥ 400 and for transport failures.
 */
export async function apiRequest<T>(
  config: ApiConfig,
  op: ApiOperation,
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  // Loaded lazily: this module also runs in the provider host, which starts without any loader.
  const { request } = await import("undici");
  const timeout = config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // One deadline for the whole call, started before the wait for a slot or a rate-limit pause.
  const deadline = AbortSignal.timeout(timeout);
  let release: (() => void) | undefined;
  try {
    release = await config.pacer?.acquire(deadline);
  } catch {
    throw apiError(config, op, method, path, {
      status: 0,
      code: "TIMEOUT",
      message: `no answer within ${timeout} ms (waiting for the API's rate limit or for other requests to finish)`,
      fieldErrors: {},
    });
  }
  try {
    return answerOf<T>(config, op, method, path, await exchange(request, config, op, method, path, body, options, deadline));
  } finally {
    release?.();
  }
}

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What came back: the status, the body as text, the Retry-After header. */
interface Answer {
  status: number;
  text: string;
  retryAfter: string | string[] | undefined;
}

/** Sends the request over the wire; a transport failure (no answer) becomes an ApiError with status 0. */
async function exchange(
  request: typeof import("undici").request,
  config: ApiConfig,
  op: ApiOperation,
  method: Method,
  path: string,
  body: unknown,
  options: RequestOptions,
  deadline: AbortSignal,
): Promise<Answer> {
  const headers: Record<string, string> = {
    accept: "application/json",
    "x-api-key": config.apiKey,
    "x-api-secret": config.apiSecret,
  };
  if (body !== undefined) headers["content-type"] = "application/json";
  try {
    const response = await request(config.apiUrl.replace(/\/+$/, "") + path, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      // One deadline for the whole exchange, whatever the transport (undici's own timers are
      // per phase and coarse, and an injected dispatcher may not apply them at all).
      signal: deadline,
      ...(config.dispatcher ? { dispatcher: config.dispatcher } : {}),
      ...(options.retryable && method === "POST" ? { retryOptions: { methods: ["POST"] } } : {}),
    } as Parameters<typeof request>[1]);
    return { status: response.statusCode, retryAfter: response.headers["retry-after"], text: await response.body.text() };
  } catch (cause) {
    const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
    const reason = timedOut ? `no answer within ${config.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms` : cause instanceof Error ? cause.message : String(cause);
    const code = (cause as { code?: unknown }).code;
    throw apiError(config, op, method, path, {
      status: 0,
      code: timedOut ? "TIMEOUT" : typeof code === "string" ? code : "NETWORK_ERROR",
      message: `no response from the MyTPE API (${reason})`,
      fieldErrors: {},
    });
  }
}

/** The parsed body of a success; an ApiError for an error status, a too-long rate limit or a body that is not JSON. */
function answerOf<T>(config: ApiConfig, op: ApiOperation, method: Method, path: string, { status, text, retryAfter }: Answer): T {
  const parsed = parseJson(text);
  const wait = status === 429 ? retryAfterMs(retryAfter) : undefined;
  if (wait !== undefined && wait > MAX_RETRY_AFTER_MS) {
    throw apiError(config, op, method, path, {
      status,
      code: "RETRY_AFTER_TOO_LONG",
      message:
        `the MyTPE API is rate limiting and asked to wait ${Math.ceil(wait / 1000)} s before the next request (Retry-After), ` +
        `longer than the ${MAX_RETRY_AFTER_MS / 1000} s mytpe-links waits at most; nothing was applied: run again later`,
      fieldErrors: {},
    });
  }
  if (status >= 400) {
    const envelope = (parsed ?? {}) as { error?: unknown; message?: unknown; errors?: unknown };
    throw apiError(config, op, method, path, {
      status,
      code: typeof envelope.error === "string" ? envelope.error : `HTTP_${status}`,
      message: typeof envelope.message === "string" ? envelope.message : text.slice(0, 200) || "no message",
      fieldErrors: fieldErrorsOf(envelope.errors),
    });
  }
  if (text !== "" && parsed === undefined) {
    throw apiError(config, op, method, path, {
      status,
      code: "BAD_RESPONSE",
      message: `the MyTPE API answered ${status} with a body that is not JSON`,
      fieldErrors: {},
    });
  }
  return parsed as T;
}

function parseJson(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function fieldErrorsOf(errors: unknown): Record<string, string[]> {
  if (typeof errors !== "object" || errors === null) return {};
  const out: Record<string, string[]> = {};
  for (const [field, messages] of Object.entries(errors)) {
    out[field] = Array.isArray(messages) ? messages.map(String) : [String(messages)];
  }
  return out;
}

function apiError(
  config: ApiConfig,
  op: ApiOperation,
  method: string,
  path: string,
  detail: { status: number; code: string; message: string; fieldErrors: Record<string, string[]> },
): ApiError {
  const subject = op.link ? `${op.operation} "${op.link}"` : op.operation;
  const fields = Object.entries(detail.fieldErrors)
    .map(([field, messages]) => `${field}: ${messages.join(" ")}`)
    .join("; ");
  const status = detail.status === 0 ? detail.code : `HTTP ${detail.status} ${detail.code}`;
  const message = redact(`${subject} failed: ${detail.message}${fields ? ` (${fields})` : ""} [${status}, ${method} ${path}]`, config);
  const fieldErrors = Object.fromEntries(Object.entries(detail.fieldErrors).map(([field, messages]) => [field, messages.map((text) => redact(text, config))]));
  return Object.assign(new Error(message), {
    name: "MyTpeApiError" as const,
    status: detail.status,
    code: detail.code,
    fieldErrors,
    method,
    path,
  });
}

/** Removes the credentials from any text that may reach a user or a log. */
export function redact(text: string, config: Pick<ApiConfig, "apiKey" | "apiSecret">): string {
  let out = text;
  for (const secret of [config.apiSecret, config.apiKey]) {
    if (secret) out = out.split(secret).join("***");
  }
  return out;
}
