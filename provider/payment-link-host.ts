// Runs inside the Pulumi provider host: the PaymentLink provider itself, loaded by the small shim
// stored in state (payment-link-shim.cjs). A real module, loaded once per host
// process, so it may use zod and undici freely; it must keep handling state written by earlier
// versions, since old resources are read and deleted with the current code.
import { apiRequest, isApiError, type ApiOperation } from "./api-client.ts";
import { createBody, decideChange, declaredFieldsOf, updateBody, type ChangeDecision, type LinkFacts } from "./link-diff.ts";
import { LINK_FIELDS, type LinkField } from "./link-fields.ts";
import { LinkSpec, OnPricingChange, OnTerminal } from "./link-spec.ts";
import type { DesiredStatus, Link, LinkStatus } from "./link.ts";
import { resolveSettings, type ConfigReader, type ProviderSettings } from "./provider-settings.ts";
import { engineNoteSink, type NoteSink } from "./engine-log.ts";
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
  private readonly notes: NoteSink;

  constructor(
    private readonly config: ConfigReader | undefined,
    notes?: NoteSink,
  ) {
    this.notes = notes ?? engineNoteSink();
  }

  /** The declaration with the stack-wide defaults of its settings applied. */
  private effective(spec: LinkSpec): LinkSpec {
    const read = (key: string) => {
      try {
        return this.config?.get(key);
      } catch {
        return undefined;
      }
    };
    const onPricingChange = spec.on_pricing_change ?? OnPricingChange.safeParse(read("mytpe:onPricingChange")).data;
    const onTerminal = spec.on_terminal ?? OnTerminal.safeParse(read("mytpe:onTerminal")).data;
    return {
      ...spec,
      ...(onPricingChange ? { on_pricing_change: onPricingChange } : {}),
      ...(onTerminal ? { on_terminal: onTerminal } : {}),
    };
  }

  private settings(): ProviderSettings {
    // Read at call time: the environment may carry the credentials instead of stack config.
    return resolveSettings(this.config, process.env);
  }

  async check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const declared = withoutProvider(news);
    // Values still unknown in a preview are checked when they are known, before any write.
    if (Object.values(declared).some(isUnknown)) return { inputs: news, failures: [] };
    const parsed = LinkSpec.safeParse(declared);
    if (parsed.success) {
      const isNew = olds["status"] === undefined;
      if (isNew && parsed.data.adopt) {
        const failure = await this.previewAdoption(this.effective(parsed.data));
        if (failure) return { inputs: news, failures: [{ property: "adopt", reason: failure }] };
      }
      return { inputs: { ...stripUndefined(parsed.data) }, failures: [] };
    }
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
    const spec = this.effective(LinkSpec.parse(withoutProvider(news)));
    const label = linkLabel(spec.title, olds);
    let decision = decideChange(factsOf(olds), spec);
    if (decision.action !== "none" || spec.on_terminal === "recreate") {
      // Whether a link was paid, or has ended, decides between update and replace: ask the API,
      // not the state, which may be days old. An evergreen link (on_terminal: recreate) is
      // always checked, since the platform ends links without telling us.
      const live = await this.get(id, "read payment link", spec.title);
      if (live) decision = decideChange(factsOf(live), spec);
    }
    switch (decision.action) {
      case "none":
        if (decision.note) this.notes("info", `${label}: ${decision.note}.`);
        return { changes: false };
      case "update":
        return { changes: true };
      case "replace":
        this.notes(
          "warning",
          `${label} will be REPLACED: ${decision.reason}. The new link is created and published first, ` +
            `then this one is archived; its URL ${String(olds["url"] ?? "")} stops accepting payments.`,
        );
        return { changes: true, replaces: decision.fields.length > 0 ? decision.fields : ["status"], deleteBeforeReplace: false };
      case "refuse":
        throw new Error(`${label}: ${decision.reason}`);
    }
  }

  async create(inputs: Props): Promise<{ id: string; outs: PaymentLinkState }> {
    const spec = this.effective(LinkSpec.parse(withoutProvider(inputs)));
    const settings = this.settings();
    if (spec.adopt) return this.adopt(settings, spec, spec.adopt);
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

  async update(id: string, olds: Props, news: Props): Promise<{ outs: PaymentLinkState }> {
    const spec = this.effective(LinkSpec.parse(withoutProvider(news)));
    const settings = this.settings();
    const label = linkLabel(spec.title, olds);
    const live = await this.get(id, "read payment link", spec.title);
    if (!live) throw new Error(`${label} no longer exists: run \`pulumi refresh\` to drop it from state`);
    const decision = decideChange(factsOf(live), spec);
    let link = live;
    if (decision.action === "refuse" || decision.action === "replace") {
      // The live link moved between preview and update (paid or ended meanwhile).
      throw new Error(`${label}: ${decision.reason}; run \`pulumi preview\` again to see the plan`);
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

  /**
   * Takes an existing live link under management instead of creating one: reads it, applies the
   * differences as an ordinary update, and never creates a second link.
   */
  private async adopt(settings: ProviderSettings, spec: LinkSpec, id: string): Promise<{ id: string; outs: PaymentLinkState }> {
    const live = await this.get(id, "read payment link to adopt", spec.title);
    const decision = live ? decideChange(factsOf(live), spec) : undefined;
    const refusal = adoptionRefusal(id, live, decision);
    if (refusal || !live || !decision) throw new Error(`cannot adopt payment link "${spec.title}": ${refusal ?? "unknown link"}`);
    let link = live;
    if (decision.action === "update") {
      if (decision.fields.length > 0) {
        link = (
          await this.call<{ data: Link }>(settings, { operation: "update adopted payment link", link: spec.title }, "PUT", `/links/${id}`, updateBody(spec, decision.fields))
        ).data;
      }
      link = await this.applyStatus(settings, link, decision.status.actions);
    }
    return { id: link.id, outs: stateOf(link, spec, settings) };
  }

  /** At preview: says what adopting will change, or why it cannot be done. */
  private async previewAdoption(spec: LinkSpec): Promise<string | undefined> {
    const id = spec.adopt!;
    const live = await this.get(id, "read payment link to adopt", spec.title);
    const decision = live ? decideChange(factsOf(live), spec) : undefined;
    const refusal = adoptionRefusal(id, live, decision);
    if (refusal) return refusal;
    const changes =
      decision?.action === "update"
        ? [
            ...decision.fields.map((field) => `${field}: ${JSON.stringify(live![field] ?? null)} → ${JSON.stringify(spec[field] ?? null)}`),
            ...(decision.status.actions.length > 0 ? [`status: ${live!.status} → ${spec.status}`] : []),
          ]
        : [];
    this.notes(
      "info",
      `payment link "${spec.title}" adopts existing link ${id} (${live!.slug}) instead of creating one; ` +
        (changes.length > 0 ? `it will be updated in place: ${changes.join("; ")}` : "it already matches the declaration"),
    );
    return undefined;
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
  // Unset fields are left out rather than stored as null: the diff reads both the same, and
  // state stays small (it is rewritten after every step of an update).
  const fields = declaredFieldsOf(link);
  // The list endpoint omits allowed_payers; keep the declared ones rather than forget them.
  if (link.allowed_payers === undefined && declared.allowed_payers) fields.allowed_payers = declared.allowed_payers;
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

/** Why a live link cannot be adopted as declared, if it cannot. */
function adoptionRefusal(id: string, live: Link | undefined, decision: ChangeDecision | undefined): string | undefined {
  if (!live) return `no payment link ${id} exists for these credentials`;
  if (isTerminal(live.status)) return `link ${id} is ${live.status}; an ended link cannot be taken under management`;
  if (decision?.action === "refuse") return decision.reason;
  if (decision?.action === "replace") {
    return `${decision.reason}; adopting never creates a second link: make the declaration match the live link, or remove \`adopt\` to create a new one`;
  }
  return undefined;
}

/** How messages name a link: its title and, once it exists, its slug. */
function linkLabel(title: string, state: Props): string {
  const slug = state["slug"];
  return `payment link "${title}"${typeof slug === "string" ? ` (${slug})` : ""}`;
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

