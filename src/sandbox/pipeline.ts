// The seam every request goes through: a plain request value in, an outcome value out, wrapped by
// a stack of layers. Fault injection (latency, 429, 5xx, dropped connections, a response lost
// after the write was applied) belongs here as extra layers: a layer may wait, answer without
// calling `next`, or call `next` (so the write happens) and then return `{ kind: "drop" }`.

import type { IncomingHttpHeaders } from "node:http";

/** A fully read HTTP request, detached from the socket. */
export type SandboxRequest = {
  method: string;
  /** Path without the query string, e.g. `/api/ext/links`. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body went over the size limit; `body` is then empty. */
  bodyTooLarge: boolean;
};

/** A response to write as is. */
export type SandboxResponse = { kind: "response"; status: number; headers: Record<string, string>; body: string };

/** What the server does with a request: answer it, or destroy the socket without answering. */
export type Outcome = SandboxResponse | { kind: "drop" };

export type Next = (req: SandboxRequest) => Promise<Outcome>;

/** One middleware: sees the request before and the outcome after the layers inside it. */
export type Layer = (req: SandboxRequest, next: Next) => Promise<Outcome>;

/** Wraps `core` in `layers`, the first layer outermost. */
export function compose(layers: readonly Layer[], core: Next): Next {
  return layers.reduceRight<Next>((inner, layer) => (req) => layer(req, inner), core);
}

export function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return {
    kind: "response",
    status,
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  };
}

export function htmlResponse(status: number, html: string): SandboxResponse {
  return { kind: "response", status, headers: { "content-type": "text/html; charset=utf-8" }, body: html };
}
