// The sandbox's HTTP server: node:http on 127.0.0.1, one `handle` pipeline per request
// (read body → layers → routing/auth → handler → persist → write); startSandbox answers the
// Sandbox handle (sandbox-handle.ts).

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { ApiError } from "./api-error.ts";
import type { FaultConfig } from "./fault-config.ts";
import { createFaults } from "./faults.ts";
import { HANDLERS, parseJsonObject } from "./handlers.ts";
import { compose, jsonResponse, type Layer, type Outcome, type SandboxRequest, type SandboxResponse } from "./pipeline.ts";
import { matchRoute } from "./router.ts";
import { countRequests, sandboxHandle, type Sandbox, type SandboxContext } from "./sandbox-handle.ts";
import { Store } from "./store.ts";
import { ACCOUNTS, accountOf } from "./traders.ts";
import { formatTimestamp, timestampFromDate } from "./timestamp.ts";

/** Request bodies above this get 413. */
export const MAX_BODY_BYTES = 1024 * 1024;
// Beyond this the connection is cut instead of drained: reading a larger body to the end just to
// answer 413 politely is not worth it.
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

export type SandboxOptions = {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** JSON state file, loaded if present and rewritten after every change; omit to keep state in memory. */
  statePath?: string;
  /** The sandbox's clock, so tests can move time instead of sleeping. */
  now?: () => Date;
  /** Middleware wrapped around the API, first outermost, all outside the built-in fault layer. */
  layers?: readonly Layer[];
  /** Faults to inject from the start (see fault-config.ts); none by default. Invalid values throw. */
  faults?: FaultConfig;
  /** Where unexpected errors are reported; defaults to stderr. */
  log?: (line: string) => void;
};

const [FIRST_ACCOUNT] = ACCOUNTS as [(typeof ACCOUNTS)[number]];
const UNAUTHORIZED = { error: "UNAUTHORIZED", message: "Invalid API credentials." };
const SERVER_ERROR = { error: "SERVER_ERROR", message: "Internal server error." };

export type { RecordedRequest, Sandbox } from "./sandbox-handle.ts";

/** Microsecond wall clock, so timestamps carry real 6-digit fractions. */
function wallClock(): string {
  const ms = performance.timeOrigin + performance.now();
  const whole = Math.floor(ms);
  return formatTimestamp(whole, Math.min(999, Math.floor((ms - whole) * 1000)));
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const injected = options.now;
  const context: SandboxContext = {
    store: Store.open(options.statePath ?? null),
    clock: injected === undefined ? wallClock : () => timestampFromDate(injected()),
    log: options.log ?? ((line: string) => void process.stderr.write(`${line}\n`)),
    requests: [],
    faults: createFaults({
      now: injected === undefined ? Date.now : () => injected().getTime(),
      ...(options.faults === undefined ? {} : { config: options.faults }),
    }),
    origin: "",
  };
  const pipeline = compose([...(options.layers ?? []), context.faults.layer], (req) => answer(context, req));
  const server = createServer((req, res) => {
    handle(context, pipeline, req, res).catch((error: unknown) => {
      context.log(`sandbox: request handling crashed: ${String(error)}`);
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify(SERVER_ERROR));
      } else res.destroy();
    });
  });
  // Longer than any client's idle pool timeout (undici: 4 s), so a client never sends on a
  // socket we are closing: Node's default of 5 s races with pools that keep sockets longer.
  server.keepAliveTimeout = 65_000;
  const port = await listen(server, options.port ?? 0);
  context.origin = `http://127.0.0.1:${port}`;
  return sandboxHandle(context, server);
}

/** Routing, auth, body checks and the handler; always answers, never throws. */
async function answer(context: SandboxContext, req: SandboxRequest): Promise<SandboxResponse> {
  const { store, log } = context;
  try {
    const response = dispatch(context, req);
    store.flush();
    return response;
  } catch (error) {
    // A refused request may still have changed state (a link expiring on read): keep it.
    try {
      store.flush();
    } catch (flushError) {
      log(`sandbox: could not write state: ${String(flushError)}`);
    }
    if (error instanceof ApiError) return jsonResponse(error.status, error.toBody(), error.headers);
    log(`sandbox: ${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return jsonResponse(500, SERVER_ERROR);
  }
}

function dispatch(context: SandboxContext, req: SandboxRequest): SandboxResponse {
  const { store, clock, requests, faults, origin } = context;
  const match = matchRoute(req.method, req.path);
  if (match.found === "nothing") {
    return jsonResponse(404, { error: "NOT_FOUND", message: `The route ${req.path} could not be found.` });
  }
  if (match.found === "other-method") {
    return jsonResponse(
      405,
      {
        error: "METHOD_NOT_ALLOWED",
        message: `The ${req.method} method is not supported for route ${req.path}. Supported methods: ${match.allowed.join(", ")}.`,
      },
      { allow: match.allowed.join(", ") },
    );
  }
  const account = accountOf(req.headers);
  if (match.auth && account === undefined) return jsonResponse(401, UNAUTHORIZED);
  if (req.bodyTooLarge) {
    return jsonResponse(413, {
      error: "PAYLOAD_TOO_LARGE",
      message: `The request body may not be larger than ${MAX_BODY_BYTES} bytes (1 MiB).`,
    });
  }
  const handler = HANDLERS[match.kind];
  if (handler === undefined) throw new Error(`no handler for route ${match.kind}`);
  let body: Record<string, unknown> | undefined;
  return handler({
    store,
    // Routes without auth (the payment page) read no account's resources through it.
    account: account ?? FIRST_ACCOUNT,
    now: clock(),
    params: match.params,
    query: req.query,
    body: () => (body ??= parseJsonObject(req.body)),
    pageUrl: `${origin}${req.path}`,
    newId: randomUUID,
    stats: () => countRequests(requests),
    faults,
  });
}

/** One HTTP exchange: read the body, run the pipeline, record the request, write (or drop). */
async function handle(context: SandboxContext, pipeline: (req: SandboxRequest) => Promise<Outcome>, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://sandbox.invalid");
  const method = req.method ?? "GET";
  const { body, tooLarge, complete } = await readBody(req);
  if (!complete) return; // the client went away mid-body: nobody to answer
  let outcome: Outcome;
  try {
    outcome = await pipeline({
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      bodyTooLarge: tooLarge,
    });
  } catch (error) {
    context.log(`sandbox: layer failed on ${method} ${url.pathname}: ${String(error)}`);
    outcome = jsonResponse(500, SERVER_ERROR);
  }
  const match = matchRoute(method, url.pathname);
  context.requests.push({
    method,
    path: url.pathname,
    route: match.found === "route" ? match.kind : null,
    status: outcome.kind === "response" ? outcome.status : 0,
  });
  if (outcome.kind === "drop") {
    req.socket.destroy();
    return;
  }
  const headers: Record<string, string> = { ...outcome.headers, "content-length": String(Buffer.byteLength(outcome.body)) };
  if (tooLarge) headers.connection = "close";
  res.writeHead(outcome.status, headers);
  res.end(outcome.body);
}

/** Listens on 127.0.0.1 and answers the port taken. */
async function listen(server: Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

type ReadBody = { body: Buffer; tooLarge: boolean; complete: boolean };

/** Reads the whole body, keeping at most MAX_BODY_BYTES; a larger body is drained and flagged. */
function readBody(req: IncomingMessage): Promise<ReadBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        tooLarge = true;
        chunks.length = 0;
        if (size > MAX_DRAIN_BYTES) req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve({ body: Buffer.concat(chunks), tooLarge, complete: true }));
    req.on("close", () => resolve({ body: Buffer.alloc(0), tooLarge, complete: req.complete }));
    req.on("error", () => resolve({ body: Buffer.alloc(0), tooLarge, complete: false }));
  });
}
