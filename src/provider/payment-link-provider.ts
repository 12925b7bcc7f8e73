// Runs inside the Pulumi provider host: the PaymentLink provider itself, loaded by the small shim
// in state (PAYMENT_LINK_PROVIDER, through payment-link-shim.cjs). A real module, loaded once per host process, so it may
// use zod and undici freely; it must keep handling state written by earlier versions, since old
// resources are read and deleted with the current code. The decisions are pure functions
// (link-diff.ts, status-plan.ts); the methods below only carry them out.
import { apiRequest, isApiError, type ApiConfig, type ApiOperation, type RequestOptions } from "./api-client.ts";
import { createTransport, type Transport } from "./api-transport.ts";
import { engineNoteSink, type NoteSink } from "./engine-log.ts";
import { createBody, decideChange, updateBody, type ChangeDecision } from "./link-diff.ts";
import { markOf, withMarker } from "./link-marker.ts";
import { checkLink, LinkSpec, OnPricingChange, OnTerminal } from "../link/link-spec.ts";
import { factsOf, inputsOf, stateOf, stripUndefined, type DeclaredEcho, type PaymentLinkState } from "./link-state.ts";
import type { Link, LinkBody } from "../link/link.ts";
import { resolveSettings, type ConfigReader, type ProviderSettings } from "./provider-settings.ts";
import { isTerminal, planStatus, type StatusAction } from "./status-plan.ts";
import { LinkReader } from "./link-reader.ts";

/** The sentinel the engine uses for values not known during a preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** How long a read made by `diff` stands in for the one `update` would make. */
const RECENT_READ_MS = 5 * 60_000;

/** How many times a create is attempted when its answers are lost (each after a search). */
const CREATE_ATTEMPTS = 3;

/** The status each lifecycle action leads to: a repeated action that answers 409 is done if the link is there. */
const ACTION_RESULT: Record<StatusAction, Link["status"]> = {
  publish: "active",
  pause: "paused",
  resume: "active",
  archive: "archived",
};

type Props = Record<string, unknown>;
type Api = ProviderSettings & ApiConfig;

export class PaymentLinkProvider {
  private readonly notes: NoteSink;
  private transport?: Promise<Transport>;
  /** Links carrying our mark, by instance, listed once per process: see `findOwn`. */
  private readonly marked = new Map<string, Promise<Map<string, Link[]>>>();
  private reader?: LinkReader;
  /** Live links `diff` just read, so the `update` that follows in this run need not read again. */
  private readonly seen = new Map<string, { link: Link; at: number }>();

  constructor(
    private readonly config: ConfigReader | undefined,
    options: { notes?: NoteSink; transport?: Transport } = {},
  ) {
    this.notes = options.notes ?? engineNoteSink();
    if (options.transport) this.transport = Promise.resolve(options.transport);
  }

  async check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const { declared, marker } = split(news);
    // Values still unknown in a preview are checked when they are known, before any write.
    if (Object.values(declared).some(isUnknown)) return { inputs: news, failures: [] };
    const result = checkLink(declared);
    if (!result.ok) {
      return {
        inputs: news,
        failures: result.problems.map((problem) => ({
          property: problem.path.length > 0 ? problem.path.join(".") : "(link)",
          reason: problem.message,
        })),
      };
    }
    const isNew = olds["status"] === undefined;
    if (isNew && result.spec.adopt) {
      const failure = await this.previewAdoption(this.withDefaults(result.spec));
      if (failure) return { inputs: news, failures: [{ property: "adopt", reason: failure }] };
    }
    return { inputs: stripUndefined({ ...result.spec, marker }), failures: [] };
  }

  async diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }> {
    if (Object.values(split(news).declared).some(isUnknown)) return { changes: true };
    const spec = this.spec(news);
    const label = linkLabel(spec.title, olds);
    let decision = decideChange(factsOf(olds), spec);
    if (decision.action !== "none" || spec.on_terminal === "recreate") {
      // Whether a link was paid, or has ended, decides between update and replace: ask the API,
      // not the state, which may be days old. An evergreen link (on_terminal: recreate) is
      // always checked, since the platform ends links without telling us.
      const live = await this.readLive(await this.api(), id, olds, spec.title);
      if (live) {
        this.seen.set(id, { link: live, at: Date.now() });
        const fromState = decision;
        const fromLive = decideChange(factsOf(live), spec);
        decision = fromLive;
        if (fromState.action !== "none" && fromLive.action === "none" && !fromLive.note) {
          // The live link already matches but state says otherwise (a killed run applied the
          // change and never recorded it): an update that sends nothing and records the truth.
          this.notes("info", `${label}: state was out of date; recording the live link (no API write).`);
          return { changes: true };
        }
      }
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
    const spec = this.spec(inputs);
    const marker = split(inputs).marker;
    const echo: DeclaredEcho = { ...spec, marker };
    const api = await this.api();
    if (spec.adopt) return this.adopt(api, spec, spec.adopt, echo);

    // Ours already, from a create whose answer was lost or a run that was killed: continue it.
    const own = marker ? await this.findOwn(api, spec, marker) : undefined;
    if (own) return this.adopt(api, spec, own.id, echo);

    let link = await this.createOnce(api, spec, marker);
    const plan = planStatus(link.status, spec.status);
    try {
      if (plan.kind === "calls") link = await this.applyStatus(api, link, plan.actions);
    } catch (error) {
      // The link exists: report it as created but not initialised, so the engine keeps it in
      // state and the next `up` continues from it instead of creating a second one.
      throw Object.assign(new Error(errorMessage(error)), {
        id: link.id,
        properties: stateOf(link, echo, api.payUrl),
        reasons: [errorMessage(error)],
      });
    }
    return { id: link.id, outs: stateOf(link, echo, api.payUrl) };
  }

  async read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
    const api = await this.api();
    const live = await this.readLive(api, id, props, String(props["title"] ?? id));
    if (!live) return { id: "", props: {} };
    const echo: DeclaredEcho = {
      status: props["declared_status"] as DeclaredEcho["status"],
      on_pricing_change: props["on_pricing_change"],
      on_terminal: props["on_terminal"],
      marker: props["marker"],
      allowed_payers: props["allowed_payers"],
    };
    return { id, props: stateOf(live, echo, api.payUrl), inputs: inputsOf(live, echo) };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: PaymentLinkState }> {
    const spec = this.spec(news);
    const marker = split(news).marker;
    const echo: DeclaredEcho = { ...spec, marker };
    const api = await this.api();
    const label = linkLabel(spec.title, olds);
    // What `diff` read moments ago in this run; the API still refuses a price change on a link
    // paid in between, so the money rule holds even on a slightly old read.
    const recent = this.seen.get(id);
    this.seen.delete(id);
    const live = recent && Date.now() - recent.at < RECENT_READ_MS ? recent.link : await this.get(api, id, "read payment link", spec.title);
    if (!live) throw new Error(`${label} no longer exists: run \`pulumi refresh\` to drop it from state`);
    const decision = decideChange(factsOf(live), spec);
    if (decision.action === "refuse" || decision.action === "replace") {
      // The live link moved between preview and update (paid or ended meanwhile).
      throw new Error(`${label}: ${decision.reason}; run \`pulumi preview\` again to see the plan`);
    }
    const link = decision.action === "update" ? await this.applyUpdate(api, live, spec, decision, marker) : live;
    return { outs: stateOf(link, echo, api.payUrl) };
  }

  async delete(id: string, props: Props): Promise<void> {
    const api = await this.api();
    const label = String(props["title"] ?? id);
    try {
      await this.call(api, { operation: "archive payment link", link: label }, "POST", `/links/${id}/archive`, undefined, { retryable: true });
    } catch (error) {
      if (!isApiError(error)) throw error;
      if (error.status === 404) return;
      // 409 here (422 on the real API) means the link is not archivable: fine if it has ended.
      if (error.status === 409 || error.status === 422) {
        const live = await this.get(api, id, "read payment link", label);
        if (!live || isTerminal(live.status)) return;
      }
      throw error;
    }
  }

  /** The declaration, validated, with the stack-wide defaults of its settings applied. */
  private spec(props: Props): LinkSpec {
    return this.withDefaults(LinkSpec.parse(split(props).declared));
  }

  /** `mytpe:onPricingChange` / `mytpe:onTerminal` for links that do not set their own. */
  private withDefaults(spec: LinkSpec): LinkSpec {
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

  /** Credentials (read at call time: the environment may carry them) and the process's pool. */
  private async api(): Promise<Api> {
    const settings = resolveSettings(this.config, process.env);
    this.transport ??= createTransport({ concurrency: concurrency(this.config) });
    const { dispatcher, pacer } = await this.transport;
    return { ...settings, dispatcher, pacer };
  }

  /**
   * One `POST /links`, never blindly repeated: when no answer came back (or a 5xx, after which
   * the API may have applied it), look for the link by its mark before trying again.
   */
  private async createOnce(api: Api, spec: LinkSpec, marker: string | undefined): Promise<Link> {
    const body: LinkBody = { ...createBody(spec), metadata: withMarker(spec.metadata, marker) };
    if (body.metadata === null) delete body.metadata;
    for (let attempt = 1; ; attempt++) {
      try {
        return (await this.call<{ data: Link }>(api, { operation: "create payment link", link: spec.title }, "POST", "/links", body)).data;
      } catch (error) {
        const ambiguous = isApiError(error) && (error.status === 0 || error.status >= 500);
        if (!ambiguous || !marker || attempt >= CREATE_ATTEMPTS) throw error;
        const made = await this.findOwn(api, spec, marker, { fresh: true });
        if (made) return made;
        await api.pacer?.pause();
      }
    }
  }

  /**
   * A live, non-terminal link carrying this resource's mark that can be brought to the
   * declaration in place. A link the declaration must replace (paid, other instance) is never
   * taken: during a replacement the old link carries the same mark.
   */
  private async findOwn(api: Api, spec: LinkSpec, marker: string, options: { fresh?: boolean } = {}): Promise<Link | undefined> {
    const index = options.fresh
      ? await this.newestMarked(api, spec.payment_instance_id, spec.title)
      : await this.markedIndex(api, spec.payment_instance_id, spec.title);
    const candidates = (index.get(marker) ?? []).filter((link) => !isTerminal(link.status));
    for (const link of candidates) {
      const decision = decideChange(factsOf(link), spec);
      if (decision.action === "none" || decision.action === "update") return link;
    }
    return undefined;
  }

  /** The instance's links by mark, from the run's one shared listing (link-reader.ts). */
  private markedIndex(api: Api, instance: string, title: string): Promise<Map<string, Link[]>> {
    let index = this.marked.get(instance);
    if (!index) {
      index = this.linkReader(api)
        .listing(instance, title)
        .then((links) => byMark(links.values()));
      this.marked.set(instance, index);
      // A failed listing must not stay cached.
      index.catch(() => this.marked.delete(instance));
    }
    return index;
  }

  /** After a create whose answer was lost: the newest page of the instance, read afresh, by mark. */
  private async newestMarked(api: Api, instance: string, title: string): Promise<Map<string, Link[]>> {
    const query = new URLSearchParams({ payment_instance_id: instance, per_page: "100", page: "1", sort_by: "created_at", sort_dir: "desc" });
    const answer = await this.call<{ data: Link[] }>(
      api,
      { operation: "look for an existing copy of payment link", link: title },
      "GET",
      `/links?${query.toString()}`,
    );
    return byMark(answer.data);
  }

  /**
   * Takes an existing live link under management instead of creating one: reads it, applies the
   * differences as an ordinary update, and never creates a second link.
   */
  private async adopt(api: Api, spec: LinkSpec, id: string, echo: DeclaredEcho): Promise<{ id: string; outs: PaymentLinkState }> {
    const live = await this.get(api, id, "read payment link to adopt", spec.title);
    const decision = live ? decideChange(factsOf(live), spec) : undefined;
    const refusal = adoptionRefusal(id, live, decision);
    if (refusal || !live || !decision) throw new Error(`cannot adopt payment link "${spec.title}": ${refusal ?? "unknown link"}`);
    const link = decision.action === "update" ? await this.applyUpdate(api, live, spec, decision, echo.marker as string | undefined) : live;
    return { id: link.id, outs: stateOf(link, echo, api.payUrl) };
  }

  /** PUT of the changed fields (the mark kept in metadata), then the status calls. */
  private async applyUpdate(
    api: Api,
    live: Link,
    spec: LinkSpec,
    decision: ChangeDecision & { action: "update" },
    marker: string | undefined,
  ): Promise<Link> {
    let link = live;
    const fields = [...decision.fields];
    // A link adopted or made before marks existed gets its mark on its first update.
    if (marker && markOf(live) !== marker && !fields.includes("metadata")) fields.push("metadata");
    if (fields.length > 0) {
      const body: LinkBody = updateBody(spec, fields);
      if (fields.includes("metadata")) body.metadata = withMarker(spec.metadata, marker);
      link = (await this.call<{ data: Link }>(api, { operation: "update payment link", link: spec.title }, "PUT", `/links/${live.id}`, body)).data;
    }
    return this.applyStatus(api, link, decision.status.actions);
  }

  /** At preview: says what adopting will change, or why it cannot be done. */
  private async previewAdoption(spec: LinkSpec): Promise<string | undefined> {
    const id = spec.adopt!;
    const live = await this.get(await this.api(), id, "read payment link to adopt", spec.title);
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

  private async applyStatus(api: Api, start: Link, actions: StatusAction[]): Promise<Link> {
    let link = start;
    for (const action of actions) {
      const op = { operation: `${action} payment link`, link: link.title };
      try {
        if (action === "archive") {
          // Archive answers with a message only.
          await this.call(api, op, "POST", `/links/${link.id}/archive`, undefined, { retryable: true });
          link = { ...link, status: "archived" };
        } else {
          link = (await this.call<{ data: Link }>(api, op, "POST", `/links/${link.id}/${action}`, undefined, { retryable: true })).data;
        }
      } catch (error) {
        // A repeat of an action whose first answer was lost is refused (409, or 422 on the real
        // API): done, if the link is where the action leads.
        if (!isApiError(error) || (error.status !== 409 && error.status !== 422)) throw error;
        const live = await this.get(api, link.id, "read payment link", link.title);
        if (live?.status !== ACTION_RESULT[action]) throw error;
        link = live;
      }
    }
    return link;
  }

  /** The run's one batching reader (link-reader.ts). */
  private linkReader(api: Api): LinkReader {
    this.reader ??= new LinkReader({
      get: (linkId, linkLabel) => this.get(api, linkId, "read payment link", linkLabel),
      page: async (instance, page, label) => {
        const query = new URLSearchParams({ payment_instance_id: instance, per_page: "100", page: String(page) });
        const answer = await this.call<{ data: Link[]; meta?: { last_page?: number } }>(
          api,
          { operation: "look for payment link", link: label },
          "GET",
          `/links?${query.toString()}`,
        );
        return { links: answer.data, lastPage: answer.meta?.last_page ?? page };
      },
    });
    return this.reader;
  }

  /** The live link, through the batching reader: many reads at once share one listing. */
  private readLive(api: Api, id: string, state: Props, label: string): Promise<Link | undefined> {
    const instance = typeof state["payment_instance_id"] === "string" ? state["payment_instance_id"] : undefined;
    return this.linkReader(api).read(id, instance, { label, needsPayers: state["usage_mode"] === "whitelist" });
  }

  /** GET /links/{id}; undefined when the link does not exist (or not for these credentials). */
  private async get(api: Api, id: string, operation: string, label: string): Promise<Link | undefined> {
    try {
      return (await this.call<{ data: Link }>(api, { operation, link: label }, "GET", `/links/${id}`)).data;
    } catch (error) {
      if (isApiError(error) && error.status === 404) return undefined;
      throw error;
    }
  }

  private call<T>(api: Api, op: ApiOperation, method: "GET" | "POST" | "PUT", path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return apiRequest<T>(api, op, method, path, body, options);
  }
}

/** Links grouped by the mark they carry; unmarked links are left out. */
function byMark(links: Iterable<Link>): Map<string, Link[]> {
  const index = new Map<string, Link[]>();
  for (const link of links) {
    const mark = markOf(link);
    if (mark) index.set(mark, [...(index.get(mark) ?? []), link]);
  }
  return index;
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

/** In-flight requests per provider process: stack config, then environment, then 8. */
function concurrency(config: ConfigReader | undefined): number {
  let raw: string | undefined;
  try {
    raw = config?.get("mytpe:maxConcurrency");
  } catch {
    raw = undefined;
  }
  const value = Number(raw ?? process.env["MYTPE_MAX_CONCURRENCY"] ?? 8);
  return Number.isInteger(value) && value > 0 ? value : 8;
}

/** How messages name a link: its title and, once it exists, its slug. */
function linkLabel(title: string, state: Props): string {
  const slug = state["slug"];
  return `payment link "${title}"${typeof slug === "string" ? ` (${slug})` : ""}`;
}

/** The declaration apart from what the engine and the program add. */
function split(props: Props): { declared: Props; marker: string | undefined } {
  const { __provider: _provider, marker, ...declared } = props;
  return { declared, marker: typeof marker === "string" ? marker : undefined };
}

function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(isUnknown);
  return false;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
