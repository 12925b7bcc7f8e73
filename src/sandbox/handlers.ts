// What each route does. A handler reads the store through its context, returns a response value,
// and throws ApiError for the contract's error answers; the server owns everything HTTP.

import { badRequest, notFound } from "./api-error.ts";
import { assertEditable, settledStatus, transition, type LinkAction } from "./lifecycle.ts";
import { orderFields, toListItem, type Link } from "./link.ts";
import { validateCreate, validateUpdate } from "./link-rules.ts";
import { parseLinkListQuery, parsePaging, selectLinks } from "./list-query.ts";
import { paginate } from "./paginate.ts";
import { payPage, payPageNotFound } from "./pay-page.ts";
import { pay } from "./payments.ts";
import { htmlResponse, jsonResponse, type SandboxResponse } from "./pipeline.ts";
import { generateSlug } from "./slug.ts";
import type { Store } from "./store.ts";
import type { FaultControl } from "./faults.ts";
import { ownsLink, rulesFor, type Account } from "./traders.ts";
import { isPlainObject, isUuid } from "./validation.ts";

/** Counts of recorded requests, as `GET /sandbox/stats` reports them. */
export type RequestStats = { total: number; by_route: Record<string, number>; by_method: Record<string, number> };

export type HandlerContext = {
  store: Store;
  /** The trader whose keys the request carries: it sees its own resources only. */
  account: Account;
  /** The request's single "now", normalised (see timestamp.ts). */
  now: string;
  params: readonly string[];
  query: URLSearchParams;
  /** The JSON body as an object; throws 400 when it is not one. Empty body reads as `{}`. */
  body: () => Record<string, unknown>;
  /** Absolute URL of the current path, for paginator links. */
  pageUrl: string;
  newId: () => string;
  stats: () => RequestStats;
  /** The fault layer's controls, for `/sandbox/faults`. */
  faults: FaultControl;
};

export type Handler = (ctx: HandlerContext) => SandboxResponse;

export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (text.trim() === "") return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw badRequest(`Malformed JSON in request body: ${(error as Error).message}`);
  }
  if (!isPlainObject(value)) throw badRequest("The request body must be a JSON object.");
  return value;
}

function param(ctx: HandlerContext, index = 0): string {
  return ctx.params[index] ?? "";
}

/** Brings a link's status up to date at `now` (expiry, exhaustion), persisting any change. */
function settle(store: Store, link: Link, now: string): Link {
  const status = settledStatus(link, now);
  if (status === link.status) return link;
  const settled: Link = { ...link, status, updated_at: now };
  store.saveLink(settled);
  return settled;
}

export function settleAll(store: Store, now: string): Link[] {
  return store.state.links.map((link) => settle(store, link, now));
}

/** The link named by the path, settled; 404 for a malformed or unknown id, or another trader's link. */
function loadLink(ctx: HandlerContext, id: string): Link {
  const link = isUuid(id) ? ctx.store.findLink(id.toLowerCase()) : undefined;
  if (link === undefined || !ownsLink(ctx.account, link)) throw notFound(`Payment link ${id} not found.`);
  return settle(ctx.store, link, ctx.now);
}

const me: Handler = (ctx) => jsonResponse(200, { data: ctx.account.trader });

const listLinks: Handler = (ctx) => {
  const query = parseLinkListQuery(ctx.query);
  const own = settleAll(ctx.store, ctx.now).filter((link) => ownsLink(ctx.account, link));
  const selected = selectLinks(own, query, ctx.faults.tieOrder());
  const page = paginate(selected, query, ctx.pageUrl, ctx.query);
  return jsonResponse(200, { ...page, data: page.data.map(toListItem) });
};

const createLink: Handler = (ctx) => {
  const input = validateCreate(ctx.body(), rulesFor(ctx.account, ctx.store));
  const link: Link = {
    id: ctx.newId(),
    ...input,
    slug: generateSlug(input.title, (s) => ctx.store.slugTaken(s)),
    paid_count: 0,
    total_collected: "0.00",
    status: "draft",
    created_at: ctx.now,
    updated_at: ctx.now,
  };
  const ordered = orderFields(link);
  ctx.store.saveLink(ordered);
  return jsonResponse(201, { data: ordered });
};

const showLink: Handler = (ctx) => jsonResponse(200, { data: loadLink(ctx, param(ctx)) });

const updateLink: Handler = (ctx) => {
  const link = loadLink(ctx, param(ctx));
  assertEditable(link);
  const { input, changed } = validateUpdate(ctx.body(), link, rulesFor(ctx.account, ctx.store));
  if (changed.length === 0) return jsonResponse(200, { data: link });
  // Like Eloquent, updated_at only moves when something really changed.
  const updated = orderFields({ ...link, ...input, updated_at: ctx.now });
  ctx.store.saveLink(updated);
  return jsonResponse(200, { data: updated });
};

function linkAction(action: LinkAction): Handler {
  return (ctx) => {
    const link = loadLink(ctx, param(ctx));
    const status = transition(link, action, ctx.store.instance(link.payment_instance_id), ctx.now);
    const updated: Link = { ...link, status, updated_at: ctx.now };
    ctx.store.saveLink(updated);
    if (action === "archive") return jsonResponse(200, { message: "Payment link archived." });
    return jsonResponse(200, { data: updated });
  };
}

const listInstances: Handler = (ctx) =>
  jsonResponse(
    200,
    paginate(
      ctx.store.state.instances.filter((i) => ctx.account.instanceIds.includes(i.id)),
      parsePaging(ctx.query),
      ctx.pageUrl,
      ctx.query,
    ),
  );

const showInstance: Handler = (ctx) => {
  const id = param(ctx);
  const instance = isUuid(id) ? rulesFor(ctx.account, ctx.store).instance(id.toLowerCase()) : undefined;
  if (instance === undefined) throw notFound(`Payment instance ${id} not found.`);
  return jsonResponse(200, { data: instance });
};

const listForms: Handler = (ctx) =>
  jsonResponse(
    200,
    paginate(
      ctx.store.state.forms.filter((f) => ctx.account.formIds.includes(f.id)),
      parsePaging(ctx.query),
      ctx.pageUrl,
      ctx.query,
    ),
  );

const showForm: Handler = (ctx) => {
  const id = param(ctx);
  const form = isUuid(id) ? rulesFor(ctx.account, ctx.store).form(id.toLowerCase()) : undefined;
  if (form === undefined) throw notFound(`Form ${id} not found.`);
  return jsonResponse(200, { data: form });
};

const payLink: Handler = (ctx) => {
  const link = loadLink(ctx, param(ctx));
  const payment = pay(link, ctx.body(), ctx.now, ctx.newId);
  ctx.store.saveLink(payment.link);
  ctx.store.addTransaction(payment.transaction);
  return jsonResponse(201, { data: payment });
};

const stats: Handler = (ctx) => jsonResponse(200, { data: ctx.stats() });

const showFaults: Handler = (ctx) => jsonResponse(200, { data: ctx.faults.state() });

const setFaults: Handler = (ctx) => {
  ctx.faults.set(ctx.body()); // validated there: 422 on a bad config
  return jsonResponse(200, { data: ctx.faults.state() });
};

const clearFaults: Handler = (ctx) => {
  ctx.faults.clear();
  return jsonResponse(200, { data: ctx.faults.state() });
};

const payPageRoute: Handler = (ctx) => {
  const slug = param(ctx);
  const link = ctx.store.findLinkBySlug(slug);
  if (link === undefined) return htmlResponse(404, payPageNotFound(slug));
  return htmlResponse(200, payPage(settle(ctx.store, link, ctx.now)));
};

/** Handlers by route kind (see router.ts). */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  "GET /me": me,
  "GET /links": listLinks,
  "POST /links": createLink,
  "GET /links/{id}": showLink,
  "PUT /links/{id}": updateLink,
  "POST /links/{id}/publish": linkAction("publish"),
  "POST /links/{id}/pause": linkAction("pause"),
  "POST /links/{id}/resume": linkAction("resume"),
  "POST /links/{id}/archive": linkAction("archive"),
  "GET /instances": listInstances,
  "GET /instances/{id}": showInstance,
  "GET /forms": listForms,
  "GET /forms/{id}": showForm,
  "POST /sandbox/links/{id}/pay": payLink,
  "GET /sandbox/stats": stats,
  "GET /sandbox/faults": showFaults,
  "PUT /sandbox/faults": setFaults,
  "DELETE /sandbox/faults": clearFaults,
  "GET /pay/{slug}": payPageRoute,
};
