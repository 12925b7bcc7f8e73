// What the read-only broker does with one request (docs/security.md, "The preview keys"): it
// holds the MyTPE keys, and the preview environments hold only credentials of the broker, so a
// preview — main's code with a branch's link files, or a branch's code once approved — can read
// links and never change one. Forwarded: a GET, from a client that presents the broker's
// credentials (in the API's own headers, so the provider needs no change), for a path under the
// API's base URL once normalised (no `..` out of it, no other host). Refused: anything else, with
// the API's error shape, before any request leaves. Pure.
import { createHash, timingSafeEqual } from "node:crypto";

/** Who may ask, and where the API is. */
export interface BrokerRule {
  /** The API's base URL, e.g. https://api.mytpe.appp/api/ext */
  upstream: URL;
  /** What the previews present as X-Api-Key and X-Api-Secret. */
  clientKey: string;
  clientSecret: string;
}

/** A request as it reached the broker: its method, its target (path and query), its credentials. */
export interface BrokerRequest {
  method: string;
  target: string;
  apiKey?: string | undefined;
  apiSecret?: string | undefined;
}

export type BrokerDecision =
  | { kind: "forward"; url: URL }
  | { kind: "refuse"; status: 400 | 401 | 405; error: string; message: string; headers?: Record<string, string> };

export function brokerDecision(request: BrokerRequest, rule: BrokerRule): BrokerDecision {
  if (request.method !== "GET") {
    return {
      kind: "refuse",
      status: 405,
      error: "METHOD_NOT_ALLOWED",
      message: `This broker forwards only GET requests (a preview reads links and never changes them): ${request.method} refused.`,
      headers: { allow: "GET" },
    };
  }
  if (!same(request.apiKey, rule.clientKey) || !same(request.apiSecret, rule.clientSecret)) {
    return { kind: "refuse", status: 401, error: "UNAUTHORIZED", message: "Invalid API credentials." };
  }
  const url = upstreamUrl(request.target, rule.upstream);
  if (!url) return { kind: "refuse", status: 400, error: "BAD_REQUEST", message: "The path is not one of the API's." };
  return { kind: "forward", url };
}

/** The API's URL for a request target, or undefined when it would leave the API's base path. */
function upstreamUrl(target: string, upstream: URL): URL | undefined {
  if (!target.startsWith("/") || target.startsWith("//")) return undefined;
  const base = upstream.pathname.replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(`${base}${target}`, upstream.origin);
  } catch {
    return undefined;
  }
  // The URL parser has resolved `..`, `%2e%2e` and `\`: what is left must still be under the base.
  return url.origin === upstream.origin && url.pathname.startsWith(`${base}/`) ? url : undefined;
}

/** Equal strings, compared in constant time (digests of the same length). */
function same(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return timingSafeEqual(digest(given), digest(expected));
}
