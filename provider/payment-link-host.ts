// Runs inside the Pulumi provider host: the PaymentLink provider itself, loaded by the small shim
// stored in state (payment-link-shim.cjs). A real module, loaded once per host
// process, so it may use zod and undici freely; it must keep handling state written by earlier
// versions, since old resources are read and deleted with the current code.
import { apiRequest, isApiError, type ApiOperation } from "./api-client.ts";
import { createBody, decideChange, declaredFieldsOf, updateBody, type LinkFacts } from "./link-diff.ts";
import { LINK_FIELDS, type LinkField } from "./link-fields.ts";
import { LinkSpec } from "./link-spec.ts";
import type { DesiredStatus, Link, LinkStatus } from "./link.ts";
import { resolveSettings, type ConfigReader, type ProviderSettings } from "./provider-settings.ts";
import { isTerminal, planStatus, type StatusAction } from "./status-plan.ts";

/** The sentinel the engine uses for values not known during a preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** What a PaymentLink holds in state: the live link's declared fields plus what the API adds. */
export type PaymentLinkState = Partial<Record<LinkField, unknown>> & {
  status: LinkStatus;
  slug: string;
  url: string;
  paid_count: number;
  total_collected: string;
  on_pricing_change?: string | undefined;
  on_terminal?: string | undefined;
};

type Props = Record<string, unknown>;

const DESIRED: ReadonlySet<string> = new Set(["draft", "active", "paused", "archived"]);

export class PaymentLinkHost {
  constructor(private readonly config: ConfigReader | undefined) {}

  private settings(): ProviderSettings {
    // Read at call time: the environment may carry the credentials instead of stack config.
    return resolveSettings(this.config, process.env);
  }

  check(_olds: Props, news: Props): { inputs: Props; failures: { property: string; reason: string }[] } {
    const declared = withoutProvider(news);
    // Values still unknown in a preview are checked when they are known, before any write.
    if (Object.values(declared).some(isUnknown)) return { inputs: news, failures: [] };
    const parsed = LinkSpec.safeParse(declared);
    if (parsed.success) return { inputs: { ...stripUndefined(parsed.data) }, failures: [] };
    return {
      inputs: news,
      failures: parsed.error.issues.map((issue) => ({
        property: issue.path.length > 0 ? issue.path.join(".") : "(link)",
        reason: issue.message,
      })),
    };
  }

  async diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }> {
    if (Object.values(withoutProvider(news)).some(isUnknown)) return { changes: true };
    const spec = LinkSpec.parse(withoutProvider(news));
    let decision = decideChange(factsOf(olds), spec);
    if (decision.action !== "none") {
      // Whether a link was paid, or has ended, decides between update and replace: ask the API,
      // not the state, which may be days old.
      const live = await this.get(id, "read payment link", spec.title);
      if (live) decision = decideChange(factsOf(live), spec);
    }
    switch (decision.action) {
      case "none":
        return { changes: false };
      case "update":
        return { changes: true };
      case "replace":
        return { changes: true, replaces: decision.fields.length > 0 ? decision.fields : ["status"], deleteBeforeReplace: false };
      case "refuse":
        throw new Error(`payment link "${spec.title}" (${id}): ${decision.reason}`);
    }
  }

  async create(inputs: Props): Promise<{ id: string; outs: PaymentLinkState }> {
    const spec = LinkSpec.parse(withoutProvider(inputs));
    const settings = this.settings();
    const created = await this.call<{ data: Link }>(settings, { operation: "create payment link", link: spec.title }, "POST", "/links", createBody(spec));
    let link = created.data;
    const plan = planStatus(link.status, spec.status);
    try {
      if (plan.kind === "calls") link = await this.applyStatus(settings, link, plan.actions);
    } catch (error) {
      // The link exists: report it as created but not initialised, so the engine keeps it in
      // state and the next `up` continues from it instead of creating a second one.
      throw Object.assign(new Error(errorMessage(error)), {
        id: link.id,
        properties: stateOf(link, spec, settings),
        reasons: [errorMessage(error)],
      });
    }
    return { id: link.id, outs: stateOf(link, spec, settings) };
  }

  async read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
    const settings = this.settings();
    const live = await this.get(id, "read payment link", String(props["title"] ?? id));
    if (!live) return { id: "", props: {} };
    const declared = {
      status: props["declared_status"] as DesiredStatus | undefined,
      on_pricing_change: props["on_pricing_change"],
      on_terminal: props["on_terminal"],
    };
    // Inputs as the live link would be declared, so the next preview shows any drift as a diff.
    // A link the platform ended keeps its declared status: that is not drift to undo.
    const status = DESIRED.has(live.status) ? live.status : (declared.status ?? "active");
    return {
      id,
      props: stateOf(live, declared, settings),
      inputs: stripUndefined({
        ...declaredFieldsOf(live),
        status,
        on_pricing_change: declared.on_pricing_change,
        on_terminal: declared.on_terminal,
      }),
    };
  }

  async update(id: string, _olds: Props, news: Props): Promise<{ outs: PaymentLinkState }> {
    const spec = LinkSpec.parse(withoutProvider(news));
    const settings = this.settings();
    const live = await this.get(id, "read payment link", spec.title);
    if (!live) throw new Error(`payment link "${spec.title}" (${id}) no longer exists: run \`pulumi refresh\` to drop it from state`);
    const decision = decideChange(factsOf(live), spec);
    let link = live;
    if (decision.action === "refuse" || decision.action === "replace") {
      throw new Error(`payment link "${spec.title}" (${id}): ${decision.reason}`);
    }
    if (decision.action === "update") {
      if (decision.fields.length > 0) {
        const updated = await this.call<{ data: Link }>(
          settings,
          { operation: "update payment link", link: spec.title },
          "PUT",
          `/links/${id}`,
          updateBody(spec, decision.fields),
        );
        link = updated.data;
      }
      link = await this.applyStatus(settings, link, decision.status.actions);
    }
    return { outs: stateOf(link, spec, settings) };
  }

  async delete(id: string, props: Props): Promise<void> {
    const settings = this.settings();
    const label = String(props["title"] ?? id);
    try {
      await this.call(settings, { operation: "archive payment link", link: label }, "POST", `/links/${id}/archive`);
    } catch (error) {
      if (!isApiError(error)) throw error;
      if (error.status === 404) return;
      // 409 here (422 on the real API) means the link is not archivable: fine if it has ended.
      if (error.status === 409 || error.status === 422) {
        const live = await this.get(id, "read payment link", label);
        if (!live || isTerminal(live.status)) return;
      }
      throw error;
    }
  }

  private async applyStatus(settings: ProviderSettings, start: Link, actions: StatusAction[]): Promise<Link> {
    let link = start;
    for (const action of actions) {
      const op = { operation: `${action} payment link`, link: link.title };
      if (action === "archive") {
        // Archive answers with a message only.
        await this.call(settings, op, "POST", `/links/${link.id}/archive`);
        link = { ...link, status: "archived" };
      } else {
        link = (await this.call<{ data: Link }>(settings, op, "POST", `/links/${link.id}/${action}`)).data;
      }
    }
    return link;
  }

  /** GET /links/{id}; undefined when the link does not exist (or not for these credentials). */
  private async get(id: string, operation: string, label: string): Promise<Link | undefined> {
    try {
      return (await this.call<{ data: Link }>(this.settings(), { operation, link: label }, "GET", `/links/${id}`)).data;
    } catch (error) {
      if (isApiError(error) && error.status === 404) return undefined;
      throw error;
    }
  }

  private call<T>(settings: ProviderSettings, op: ApiOperation, method: "GET" | "POST" | "PUT", path: string, body?: unknown): Promise<T> {
    return apiRequest<T>(settings, op, method, path, body);
  }
}

/** The state of a link: its live fields, what the API adds, and the declared settings. */
export function stateOf(
  link: Link,
  declared: { status?: DesiredStatus | undefined; on_pricing_change?: unknown; on_terminal?: unknown; allowed_payers?: unknown },
  settings: Pick<ProviderSettings, "payUrl">,
): PaymentLinkState {
  const fields: Partial<Record<LinkField, unknown>> = {};
  for (const field of LINK_FIELDS) fields[field] = link[field] ?? null;
  // The list endpoint omits allowed_payers; keep the declared ones rather than forget them.
  if (link.allowed_payers === undefined) fields.allowed_payers = declared.allowed_payers ?? null;
  return stripUndefined({
    ...fields,
    status: link.status,
    declared_status: declared.status,
    slug: link.slug,
    // The docs: show the URL exactly as built from the returned slug.
    url: `${settings.payUrl}/${link.slug}`,
    paid_count: link.paid_count,
    total_collected: link.total_collected,
    on_pricing_change: declared.on_pricing_change as string | undefined,
    on_terminal: declared.on_terminal as string | undefined,
  }) as PaymentLinkState;
}

function factsOf(source: Props | Link): LinkFacts {
  const record = source as Record<string, unknown>;
  const facts: LinkFacts = {
    status: (record["status"] as LinkStatus | undefined) ?? "draft",
    paid_count: Number(record["paid_count"] ?? 0),
  };
  for (const field of LINK_FIELDS) facts[field] = record[field];
  return facts;
}

function withoutProvider(props: Props): Props {
  const { __provider: _ignored, ...rest } = props;
  return rest;
}

function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(isUnknown);
  return false;
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

