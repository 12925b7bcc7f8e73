// The read-only broker's HTTP server (`mytpe-links broker`): each request decided by
// broker-request.ts, a forwarded GET sent to the API with the keys only the broker holds (never the
// client's headers), the answer passed back with the headers a client needs (type, rate limits),
// one log line per request without any credential. HTTPS when given a certificate: the provider
// refuses plain HTTP to anything but loopback.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { Dispatcher } from "undici";
import { redact } from "../provider/api-client.ts";
import { brokerDecision, type BrokerRule } from "./broker-request.ts";

export interface BrokerOptions extends BrokerRule {
  /** The MyTPE keys, which only the broker holds. */
  apiKey: string;
  apiSecret: string;
  host: string;
  /** 0: any free port. */
  port: number;
  tls?: { cert: string | Buffer; key: string | Buffer };
  log: (line: string) => void;
  /** The upstream transport (undici's global one by default; a MockAgent in tests). */
  dispatcher?: Dispatcher;
}

export interface Broker {
  /** Where clients point `mytpe:apiUrl` or MYTPE_API_URL. */
  url: string;
  close(): Promise<void>;
}

/** The answer's headers a client reads: its type and the API's rate-limit signals. */
const PASSED_HEADERS = ["content-type", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining"];
/** For one forwarded call, headers and body each. */
const TIMEOUT_MS = 60_000;

export async function startBroker(options: BrokerOptions): Promise<Broker> {
  const handle = (request: IncomingMessage, response: ServerResponse) => void answer(request, response, options);
  const server: Server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handle) : createHttpServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function answer(request: IncomingMessage, response: ServerResponse, options: BrokerOptions): Promise<void> {
  const started = performance.now();
  // A body is never forwarded: read and dropped, so the connection can serve the next request.
  request.resume();
  const method = request.method ?? "";
  const target = request.url ?? "";
  const said = (status: number, note = "") => options.log(`broker: ${method} ${target} → ${status}${note} (${Math.round(performance.now() - started)} ms)`);
  const decision = brokerDecision({ method, target, apiKey: header(request, "x-api-key"), apiSecret: header(request, "x-api-secret") }, options);
  if (decision.kind === "refuse") {
    // A body still coming in would be read as the next request on this connection: close it.
    const close = request.readableEnded ? {} : { connection: "close" };
    send(response, decision.status, { error: decision.error, message: decision.message }, { ...decision.headers, ...close });
    said(decision.status, " refused");
    return;
  }
  try {
    const { request: send } = await import("undici");
    const upstream = await send(decision.url, {
      method: "GET",
      headers: { accept: "application/json", "x-api-key": options.apiKey, "x-api-secret": options.apiSecret, "user-agent": "mytpe-links-broker" },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
    const headers = Object.fromEntries(
      PASSED_HEADERS.flatMap((name) => (upstream.headers[name] === undefined ? [] : [[name, String(upstream.headers[name])]])),
    );
    response.writeHead(upstream.statusCode, headers);
    for await (const chunk of upstream.body) response.write(chunk);
    response.end();
    said(upstream.statusCode);
  } catch (error) {
    const message = redact((error as Error).message, options);
    if (!response.headersSent) send(response, 502, { error: "BAD_GATEWAY", message: `The broker could not read the MyTPE API: ${message}` });
    else response.destroy();
    said(502, ` (${message})`);
  }
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(response: ServerResponse, status: number, body: { error: string; message: string }, headers: Record<string, string> = {}): void {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
}
