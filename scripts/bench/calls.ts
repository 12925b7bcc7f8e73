// API calls as the sandbox recorded them (`sandbox.requests`), counted by route and classified
// as reads (GET) and writes (everything else), so a run can be held to the API's floor: 2 calls
// to bring a new link live, 0 for a link that did not change.
import type { RecordedRequest } from "../../src/sandbox/server.ts";

export interface CallCount {
  total: number;
  reads: number;
  writes: number;
  /** By route kind ("POST /links/{id}/publish"); unmatched paths under "unmatched". */
  byRoute: Record<string, number>;
  /** Answers with status ≥ 400 or dropped (0): a benchmark run should have none. */
  failed: number;
}

export function countCalls(requests: readonly Pick<RecordedRequest, "method" | "route" | "status">[]): CallCount {
  const count: CallCount = { total: 0, reads: 0, writes: 0, byRoute: {}, failed: 0 };
  for (const request of requests) {
    // The sandbox's own control routes are not API traffic.
    if (request.route?.startsWith("GET /sandbox") || request.route?.includes(" /sandbox/")) continue;
    count.total++;
    if (request.method === "GET" || request.method === "HEAD") count.reads++;
    else count.writes++;
    const route = request.route ?? "unmatched";
    count.byRoute[route] = (count.byRoute[route] ?? 0) + 1;
    if (request.status === 0 || request.status >= 400) count.failed++;
  }
  return count;
}

/** Short names for the routes a benchmark sees, in the order a link's life uses them. */
const ROUTE_NAMES: readonly (readonly [string, string])[] = [
  ["GET /links", "list"],
  ["POST /links", "create"],
  ["POST /links/{id}/publish", "publish"],
  ["GET /links/{id}", "get"],
  ["PUT /links/{id}", "update"],
  ["POST /links/{id}/pause", "pause"],
  ["POST /links/{id}/resume", "resume"],
  ["POST /links/{id}/archive", "archive"],
];

/** e.g. `202 (list 1, create 100, publish 100)`, or `0`; failures appended when there are any. */
export function formatCalls(count: CallCount): string {
  const known = new Map(ROUTE_NAMES);
  const parts: string[] = [];
  for (const [route, name] of ROUTE_NAMES) {
    const n = count.byRoute[route];
    if (n) parts.push(`${name} ${n}`);
  }
  for (const [route, n] of Object.entries(count.byRoute).sort(([a], [b]) => a.localeCompare(b))) {
    if (!known.has(route)) parts.push(`${route} ${n}`);
  }
  const failed = count.failed > 0 ? `, ${count.failed} failed` : "";
  return parts.length === 0 ? "0" : `${count.total} (${parts.join(", ")}${failed})`;
}
