// The route table. A route's `kind` ("POST /links/{id}/publish") names it in request records and
// stats, so tests can count calls per operation without parsing paths.

export const API_PREFIX = "/api/ext";
export const PAY_PREFIX = "/pay";

type RouteDef = { method: string; template: string; auth: boolean };

const API_ROUTES: readonly (readonly [string, string])[] = [
  ["GET", "/me"],
  ["GET", "/links"],
  ["POST", "/links"],
  ["GET", "/links/{id}"],
  ["PUT", "/links/{id}"],
  ["POST", "/links/{id}/publish"],
  ["POST", "/links/{id}/pause"],
  ["POST", "/links/{id}/resume"],
  ["POST", "/links/{id}/archive"],
  ["GET", "/instances"],
  ["GET", "/instances/{id}"],
  ["GET", "/forms"],
  ["GET", "/forms/{id}"],
  ["POST", "/sandbox/links/{id}/pay"],
  ["GET", "/sandbox/stats"],
  ["GET", "/sandbox/faults"],
  ["PUT", "/sandbox/faults"],
  ["DELETE", "/sandbox/faults"],
];

const ROUTES: readonly (RouteDef & { pattern: RegExp; kind: string })[] = [
  ...API_ROUTES.map(([method, template]) => ({ method, template: `${API_PREFIX}${template}`, auth: true })),
  // The public payment page: no credentials, like the real pay.mytpe.app page.
  { method: "GET", template: `${PAY_PREFIX}/{slug}`, auth: false },
].map((r) => ({
  ...r,
  kind: `${r.method} ${r.template.startsWith(API_PREFIX) ? r.template.slice(API_PREFIX.length) : r.template}`,
  pattern: new RegExp(`^${r.template.replace(/\{[a-z]+\}/g, "([^/]+)")}/?$`),
}));

export type RouteMatch =
  | { found: "route"; kind: string; auth: boolean; params: string[] }
  | { found: "other-method"; allowed: string[] }
  | { found: "nothing" };

export function matchRoute(method: string, path: string): RouteMatch {
  const allowed: string[] = [];
  for (const route of ROUTES) {
    const m = route.pattern.exec(path);
    if (m === null) continue;
    if (route.method === method) {
      const params = m.slice(1).map((p) => safeDecode(p));
      return { found: "route", kind: route.kind, auth: route.auth, params };
    }
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { found: "other-method", allowed } : { found: "nothing" };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
