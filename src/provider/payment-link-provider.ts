// Runs inside the Pulumi provider host: the PaymentLink provider, loaded by the entry the stored
// text names (v1.cts). A real module, loaded once per host process, so it may use zod and undici
// freely; it must keep handling state written by earlier versions, since old resources are read
// and deleted with the current code. The decisions are pure functions (link-diff.ts,
// status-plan.ts, adoption.ts); the methods below only carry them out, through link-api.ts.
import { isApiError } from "./api-client.ts";
import type { Transport } from "./api-transport.ts";
import { Adoptions } from "./adoption.ts";
import { applyStatus, applyUpdate } from "./apply-changes.ts";
import { engineNoteSink, type NoteSink } from "./engine-log.ts";
import { decideChange, refreshDrift } from "./link-diff.ts";
import { LinkApi } from "./link-api.ts";
import { LinkIdentity } from "./link-identity.ts";
import { MAX_MARK_LENGTH } from "./link-marker.ts";
import { adoptChange, MARK_SUFFIX_ROOM } from "./ownership.ts";
import { LINK_FIELD_RULES, LINK_FIELDS } from "../link/link-fields.ts";
import { checkLink } from "../link/link-check.ts";
import { LinkSpec } from "../link/link-spec.ts";
import { echoOfState, factsOf, inputsOf, stateOf, stripUndefined, type DeclaredEcho, type PaymentLinkState } from "./link-state.ts";
import type { Link } from "../link/link.ts";
import { linkDefaults, type ConfigReader } from "./provider-settings.ts";
import { errorMessage, isUnknown, linkLabel, refusal, split, urnOfMark, type Props } from "./provider-inputs.ts";
import { OwnLinks } from "./recovery.ts";
import { RunClaims } from "./run-claims.ts";
import { savedLinkOf, type SavedState } from "./saved-state.ts";
import { currentStateVersion, refuseNewerState, versionKeptByRead } from "./state-version.ts";
import { decideUnknownFields } from "./unknown-fields.ts";
import { isTerminal, planStatus } from "./status-plan.ts";

/** How long a read made by `diff` stands in for the one `update` would make. */
const RECENT_READ_MS = 5 * 60_000;

export class PaymentLinkProvider {
  private readonly notes: NoteSink;
  private readonly api: LinkApi;
  private readonly own: OwnLinks;
  /** Live links `diff` just read, so the `update` that follows in this run need not read again. */
  private readonly seen = new Map<string, { link: Link; at: number }>();
  private readonly adoptions: Adoptions;
  /** Which resource holds which link in this run: what a create may take (ownership.ts). */
  private readonly claims = new RunClaims();
  private readonly identity: LinkIdentity;

  constructor(
    private readonly config: ConfigReader | undefined,
    options: { notes?: NoteSink; transport?: Transport; savedState?: SavedState } = {},
  ) {
    this.notes = options.notes ?? engineNoteSink();
    this.api = new LinkApi(config, options.transport);
    this.own = new OwnLinks(this.api);
    this.adoptions = new Adoptions(this.api, this.notes, this.claims);
    this.identity = new LinkIdentity(this.api, this.own, this.claims, options.savedState ?? savedLinkOf, this.notes);
  }

  async check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const { declared, marker } = split(news);
    this.claims.declared(marker);
    refuseNewerState(olds, linkLabel(String(olds["title"] ?? news["title"]), olds));
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
    if (marker && marker.length + MARK_SUFFIX_ROOM > MAX_MARK_LENGTH) {
      const reason =
        `the link's identity (its URN, ${marker.length} characters) is longer than the ${MAX_MARK_LENGTH - MARK_SUFFIX_ROOM} characters MyTPE keeps ` +
        "in a metadata value, where mytpe-links marks its links: shorten the resource's name or its parents' names";
      return { inputs: news, failures: [{ property: "(link)", reason }] };
    }
    // A new resource adopting a link; not the create of a replacement (the engine checks it again,
    // without the old state, as it does for `up --replace`), whose `adopt` is history.
    if (result.spec.adopt && olds["status"] === undefined && (await this.identity.holdsLink(marker)) !== true) {
      const failure = await this.adoptions.preview(this.withDefaults(result.spec), result.spec.adopt, marker);
      if (failure) return { inputs: news, failures: [{ property: "adopt", reason: failure }] };
    }
    return { inputs: stripUndefined({ ...result.spec, marker, ...currentStateVersion() }), failures: [] };
  }

  async diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }> {
    const { declared, marker } = split(news);
    const urn = urnOfMark(marker);
    // Before any create of this run: this resource holds this link (ownership.ts).
    this.claims.hold(id, marker);
    // A refresh's diff (live link against the last declaration), for its display only: never
    // refused nor said here, since the `up` that follows decides and says it once.
    if (!this.claims.isDeclared(marker)) return { changes: refreshDrift(factsOf(olds), olds["replacement_owed"] === true, declared) };
    refuseNewerState(olds, linkLabel(String(olds["title"] ?? id), olds));
    const unknown = LINK_FIELDS.filter((field) => isUnknown(declared[field]));
    if (unknown.length > 0) {
      // Known only after another resource is created: the link may have to be replaced, as `up`
      // will once the values are known; whether it was paid is asked of the API, not the state.
      const title = String(olds["title"] ?? id);
      const mayReprice = unknown.some((field) => LINK_FIELD_RULES[field] === "pricing");
      const live = mayReprice ? await this.readLive(id, olds, title) : undefined;
      const onPricingChange = declared["on_pricing_change"] ?? linkDefaults(this.config).on_pricing_change;
      const possible = decideUnknownFields(unknown, live?.paid_count ?? Number(olds["paid_count"] ?? 0), onPricingChange);
      if (possible.kind !== "update") {
        const { kind, fields, reason } = possible;
        this.notes({ severity: "warning", urn, message: `${linkLabel(title, olds)}: ${reason}.`, facts: { kind, fields, reason } });
        if (kind === "possible-replace") return { changes: true, replaces: fields };
      }
      return { changes: true };
    }
    if (Object.values(declared).some(isUnknown)) return { changes: true };
    const spec = this.spec(news);
    const label = linkLabel(spec.title, olds);
    const adopt = adoptChange(id, typeof olds["adopt"] === "string" ? olds["adopt"] : undefined, spec.adopt);
    if (adopt.kind === "refuse") throw refusal(`${label}: ${adopt.reason}`);
    if (olds["replacement_owed"] === true) return this.identity.finishReplacement(label, urn);
    let decision = decideChange(factsOf(olds), spec);
    let paidCount = Number(olds["paid_count"] ?? 0);
    if (decision.action !== "none" || spec.on_terminal === "recreate") {
      // Whether a link was paid, or has ended, decides between update and replace: ask the API,
      // not the state, which may be days old. An evergreen link (on_terminal: recreate) is
      // always checked, since the platform ends links without telling us.
      const live = await this.readLive(id, olds, spec.title);
      if (live) {
        this.seen.set(id, { link: live, at: Date.now() });
        paidCount = live.paid_count;
        const fromState = decision;
        decision = decideChange(factsOf(live), spec);
        if (fromState.action !== "none" && decision.action === "none" && !decision.note) {
          // The live link already matches but state says otherwise (a killed run applied the
          // change and never recorded it): an update that sends nothing and records the truth.
          const message = `${label}: state was out of date; recording the live link (no API write).`;
          this.notes({ severity: "info", urn, message, facts: { kind: "state-recorded" } });
          return { changes: true };
        }
      }
    }
    switch (decision.action) {
      case "none":
        if (decision.note) this.notes({ severity: "info", urn, message: `${label}: ${decision.note}.`, facts: { kind: "ended", reason: decision.note } });
        return this.identity.identityChanges(olds, news, adopt, label);
      case "update":
        return { changes: true };
      case "replace": {
        const url = typeof olds["url"] === "string" ? olds["url"] : undefined;
        // An adopted link is replaced like any other: `adopt` names the old link, not the new one.
        const adopted = spec.adopt === id ? ` (adopt: ${id} names the link being replaced; the new link is made, not adopted)` : "";
        this.notes({
          severity: "warning",
          urn,
          message:
            `${label} will be REPLACED: ${decision.reason}. The new link is created and published first, ` +
            `then this one is archived; its URL ${url ?? ""} stops accepting payments${adopted}.`,
          facts: { kind: "replace", reason: decision.reason, fields: decision.fields, paid_count: paidCount, ...(url ? { url } : {}) },
        });
        return { changes: true, replaces: decision.fields.length > 0 ? decision.fields : ["status"], deleteBeforeReplace: false };
      }
      case "refuse":
        throw refusal(`${label}: ${decision.reason}`);
    }
  }

  async create(inputs: Props): Promise<{ id: string; outs: PaymentLinkState }> {
    const spec = this.spec(inputs);
    // The resource's identity, which its mark carries (its URN; a pre-1.0 text in old state).
    const urn = split(inputs).marker;
    const echo: DeclaredEcho = { ...spec, marker: urn };
    const payUrl = await this.api.payUrl();
    const existing = await this.identity.existingLink(spec, urn);
    this.claims.created(urn);
    if (existing) {
      const link = await this.adoptions.take(spec, existing, urn);
      return { id: link.id, outs: stateOf(link, echo, payUrl) };
    }

    let link = await this.own.create(spec, urn, this.claims.held());
    this.claims.take(link.id, urn);
    const plan = planStatus(link.status, spec.status);
    try {
      if (plan.kind === "calls") link = await applyStatus(this.api, link, plan.actions);
    } catch (error) {
      // The link exists: report it as created but not initialised, so the engine keeps it in
      // state and the next `up` continues from it instead of creating a second one.
      throw Object.assign(new Error(errorMessage(error)), {
        id: link.id,
        properties: stateOf(link, echo, payUrl),
        reasons: [errorMessage(error)],
      });
    }
    return { id: link.id, outs: stateOf(link, echo, payUrl) };
  }

  async read(id: string, props: Props): Promise<{ id: string; props: Props; inputs?: Props }> {
    refuseNewerState(props, linkLabel(String(props["title"] ?? id), props));
    const live = await this.readLive(id, props, String(props["title"] ?? id));
    if (!live) return { id: "", props: {} };
    const echo = echoOfState(props);
    const state: Props = versionKeptByRead(stateOf(live, echo, await this.api.payUrl()), props);
    if (await this.identity.replacementOwed(live, split(props).marker, String(props["title"] ?? id))) state["replacement_owed"] = true;
    return { id, props: state, inputs: versionKeptByRead(inputsOf(live, echo), props) };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: PaymentLinkState }> {
    const spec = this.spec(news);
    const marker = split(news).marker;
    const echo: DeclaredEcho = { ...spec, marker };
    const label = linkLabel(spec.title, olds);
    refuseNewerState(olds, label);
    // What `diff` read moments ago in this run; the API still refuses a price change on a link
    // paid in between, so the money rule holds even on a slightly old read.
    const recent = this.seen.get(id);
    this.seen.delete(id);
    const live = recent && Date.now() - recent.at < RECENT_READ_MS ? recent.link : await this.api.get(id, spec.title);
    if (!live) throw new Error(`${label} no longer exists: run \`pulumi refresh\` to drop it from state`);
    const decision = decideChange(factsOf(live), spec);
    if (decision.action === "refuse" || decision.action === "replace") {
      // The live link moved between preview and update (paid or ended meanwhile).
      throw new Error(`${label}: ${decision.reason}; run \`pulumi preview\` again to see the plan`);
    }
    // Also writes the mark where it is missing or names the resource otherwise (a rename).
    const link = await applyUpdate(this.api, live, spec, decision, marker);
    return { outs: stateOf(link, echo, await this.api.payUrl()) };
  }

  async delete(id: string, props: Props): Promise<void> {
    const label = String(props["title"] ?? id);
    refuseNewerState(props, linkLabel(label, props));
    if ((await this.identity.beforeDelete(id, split(props).marker, linkLabel(label, props))) === "keep") return;
    try {
      await this.api.archive(id, label);
    } catch (error) {
      if (!isApiError(error)) throw error;
      // A 404 is another trader's link as well as a gone one: gone only if its instance's listing,
      // read with keys that see the instance, does not hold it (else this throws, naming the keys).
      if (error.status === 404 && !(await this.api.reader().whenNotFound(id, instanceOf(props), label))) return;
      // 409 here (422 on the real API) means the link is not archivable: fine if it has ended.
      if (error.status === 409 || error.status === 422) {
        // Read afresh, not from the run's listing: the link ended outside this run.
        const live = (await this.api.get(id, label)) ?? (await this.api.reader().whenNotFound(id, instanceOf(props), label));
        if (!live || isTerminal(live.status)) return;
      }
      throw error;
    }
  }

  /** The declaration, validated, with the stack-wide defaults of its settings applied. */
  private spec(props: Props): LinkSpec {
    return this.withDefaults(LinkSpec.parse(split(props).declared));
  }

  private withDefaults(spec: LinkSpec): LinkSpec {
    return { ...linkDefaults(this.config), ...stripUndefined(spec) } as LinkSpec;
  }

  /** The live link, through the batching reader: many reads at once share one listing. */
  private readLive(id: string, state: Props, label: string): Promise<Link | undefined> {
    return this.api.reader().read(id, instanceOf(state), { label, needsPayers: state["usage_mode"] === "whitelist" });
  }
}

/** The payment instance state names for a link: its listing is what proves the link gone. */
function instanceOf(state: Props): string | undefined {
  return typeof state["payment_instance_id"] === "string" ? state["payment_instance_id"] : undefined;
}
