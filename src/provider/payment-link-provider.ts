// Runs inside the Pulumi provider host: the PaymentLink provider, loaded by the entry the stored
// text names (v1.cts). A real module, loaded once per host process, so it may use zod and undici
// freely; it must keep handling state written by earlier versions, since old resources are read
// and deleted with the current code. The decisions are pure functions (link-diff.ts,
// status-plan.ts, adoption.ts, ownership.ts); the methods below only carry them out, through
// link-api.ts. Each step on a link a state holds first checks that the link is this resource's
// (link-identity.ts `checkStep`).
import { isApiError } from "./api-client.ts";
import type { Transport } from "./api-transport.ts";
import { Adoptions } from "./adoption.ts";
import { applyStatus, applyUpdate } from "./apply-changes.ts";
import { engineNoteSink, type NoteSink } from "./engine-log.ts";
import { LinkDiff } from "./diff-step.ts";
import { LinkApi } from "./link-api.ts";
import { LinkIdentity } from "./link-identity.ts";
import { MAX_MARK_LENGTH } from "./link-marker.ts";
import { MARK_SUFFIX_ROOM } from "./owner-mark.ts";
import { checkLink } from "../link/link-check.ts";
import { LinkSpec } from "../link/link-spec.ts";
import { echoOfState, inputsOf, stateOf, stripUndefined, type DeclaredEcho, type PaymentLinkState } from "./link-state.ts";
import type { Link } from "../link/link.ts";
import { decideChange } from "./link-diff.ts";
import { linkDefaults, type ConfigReader } from "./provider-settings.ts";
import { errorMessage, isUnknown, linkLabel, refusal, savedSlugs, selfOf, split, type Props } from "./provider-inputs.ts";
import { OwnLinks } from "./recovery.ts";
import { RunClaims } from "./run-claims.ts";
import { currentStateVersion, refuseNewerState, versionKeptByRead } from "./state-version.ts";
import { isTerminal, planStatus } from "./status-plan.ts";
import type { CreateChoice } from "./ownership.ts";

export class PaymentLinkProvider {
  private readonly notes: NoteSink;
  private readonly api: LinkApi;
  private readonly own: OwnLinks;
  private readonly adoptions: Adoptions;
  /** Which resource holds which link in this run: what a create may take (ownership.ts). */
  private readonly claims = new RunClaims();
  private readonly identity: LinkIdentity;
  private readonly diffs: LinkDiff;

  constructor(
    private readonly config: ConfigReader | undefined,
    options: { notes?: NoteSink; transport?: Transport } = {},
  ) {
    this.notes = options.notes ?? engineNoteSink();
    this.api = new LinkApi(config, options.transport);
    this.own = new OwnLinks(this.api);
    this.adoptions = new Adoptions(this.api, this.notes, this.claims);
    this.identity = new LinkIdentity(this.api, this.own, this.claims, this.notes);
    this.diffs = new LinkDiff(this.api, this.identity, this.claims, this.notes, config);
  }

  async check(olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
    const { declared, marker } = split(news);
    // What the program read of the saved state is kept for this run's create and diff, not in state.
    this.claims.declared(marker, { saved: savedSlugs(news), retainOnDelete: news["retain_on_delete"] === true });
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
    const self = selfOf(news, olds);
    // The owner a resource's state recorded stays its owner; a new resource gets the state's.
    const owner = self?.owner ?? news["owner"];
    const inputs = stripUndefined({ ...result.spec, marker, owner, ...currentStateVersion() });
    // A new resource, or the create of a replacement (the engine checks it again without the old
    // state): what the create will do about links already carrying its name, said now.
    if (olds["status"] === undefined) {
      const failure = await this.previewCreate(this.withDefaults(result.spec), self);
      if (failure) return { inputs: news, failures: [failure] };
    }
    return { inputs, failures: [] };
  }

  diff(id: string, olds: Props, news: Props): Promise<{ changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean }> {
    return this.diffs.diff(id, olds, news, (props) => this.spec(props));
  }

  async create(inputs: Props): Promise<{ id: string; outs: PaymentLinkState }> {
    const spec = this.spec(inputs);
    const self = selfOf(inputs);
    const { marker } = split(inputs);
    const echo: DeclaredEcho = { ...spec, marker, owner: self?.owner };
    const payUrl = await this.api.payUrl();
    const label = `payment link "${spec.title}"`;
    const choice = await this.identity.choose(spec, self, true);
    this.claims.created(marker);
    if (choice.kind === "refuse") throw refusal(choice.reason);
    if (choice.kind !== "new") {
      const id = choice.kind === "adopt" ? choice.id : choice.link.id;
      const link = await this.adoptions.take(spec, id, self, choice.kind === "adopt" ? "adopt" : "take");
      if (choice.kind === "take") await this.identity.archiveLeftovers(choice.leftovers, label, self?.urn);
      return { id: link.id, outs: stateOf(link, echo, payUrl) };
    }

    let link = await this.own.create(spec, self, this.claims.held());
    this.claims.take(link.id, marker);
    await this.identity.archiveLeftovers(choice.leftovers, label, self?.urn);
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
    const label = linkLabel(String(props["title"] ?? id), props);
    refuseNewerState(props, label);
    const live = await this.diffs.readLive(id, props, String(props["title"] ?? id));
    if (!live) return { id: "", props: {} };
    // An import (no state yet): never of a link another resource or state owns, and its state is
    // this version's. A refresh only records: the `up` that follows refuses, once, if the link is
    // another's; older state keeps its version for that `up` to upgrade.
    const importing = props["status"] === undefined;
    if (importing) this.identity.checkStep(live, selfOf(props), undefined, label);
    const kept = <T extends Props>(rebuilt: T): T => (importing ? rebuilt : versionKeptByRead(rebuilt, props));
    const echo = echoOfState(props);
    const state: Props = kept(stateOf(live, echo, await this.api.payUrl()));
    if (await this.diffs.replacementOwed(live, props, String(props["title"] ?? id))) state["replacement_owed"] = true;
    return { id, props: state, inputs: kept(inputsOf(live, echo)) };
  }

  async update(id: string, olds: Props, news: Props): Promise<{ outs: PaymentLinkState }> {
    const spec = this.spec(news);
    const self = selfOf(news, olds);
    const echo: DeclaredEcho = { ...spec, marker: split(news).marker, owner: self?.owner };
    const label = linkLabel(spec.title, olds);
    refuseNewerState(olds, label);
    const live = (await this.diffs.recentRead(id)) ?? (await this.api.get(id, spec.title));
    if (!live) throw new Error(`${label} no longer exists: run \`pulumi refresh\` to drop it from state`);
    this.identity.checkStep(live, self, olds["marker"], label);
    const decision = decideChange({ ...this.diffs.facts(live) }, spec);
    if (decision.action === "refuse" || decision.action === "replace") {
      // The live link moved between preview and update (paid or ended meanwhile).
      throw new Error(`${label}: ${decision.reason}; run \`pulumi preview\` again to see the plan`);
    }
    // A replacement a killed run began that the declaration no longer asks for: its links go.
    await this.identity.archiveLeftovers(this.diffs.rollBackOf(id), label, self?.urn);
    // Also writes the mark where it is missing, flagged or names the resource otherwise (a rename).
    const link = await applyUpdate(this.api, live, spec, decision, self);
    return { outs: stateOf(link, echo, await this.api.payUrl()) };
  }

  async delete(id: string, props: Props): Promise<void> {
    const title = String(props["title"] ?? id);
    const label = linkLabel(title, props);
    refuseNewerState(props, label);
    const self = selfOf(props);
    if ((await this.identity.beforeDelete(id, self, label)) === "keep") return;
    // Never archives a link another resource or state owns; a link proven gone is done.
    const live = await this.diffs.readLive(id, props, title);
    if (!live) return;
    this.identity.checkStep(live, self, undefined, label);
    if (isTerminal(live.status)) return;
    try {
      await this.api.archive(id, title);
    } catch (error) {
      if (!isApiError(error)) throw error;
      // 409 here (422 on the real API) means the link is not archivable: fine if it has ended.
      if (error.status === 409 || error.status === 422) {
        // Read afresh, not from the run's listing: the link ended outside this run.
        const now = await this.api.get(id, title);
        if (!now || isTerminal(now.status)) return;
      }
      throw error;
    }
  }

  /** At preview, what the create of a new resource will do about links carrying its name: a note, or the refusal. */
  private async previewCreate(spec: LinkSpec, self: ReturnType<typeof selfOf>): Promise<{ property: string; reason: string } | undefined> {
    const choice: CreateChoice | { kind: "adopt"; id: string } = await this.identity.choose(spec, self, false);
    if (choice.kind === "adopt") {
      const failure = await this.adoptions.preview(spec, choice.id, self);
      return failure === undefined ? undefined : { property: "adopt", reason: failure };
    }
    if (choice.kind === "refuse") return { property: "(link)", reason: choice.reason };
    if (choice.kind === "take" || choice.kind === "take-unsure") {
      const how =
        choice.kind === "take" && choice.how === "take-from"
          ? `marked by state ${process.env["MYTPE_TAKE_FROM"] ?? ""} (MYTPE_TAKE_FROM)`
          : "left by an earlier run of this stack that stopped before recording it";
      const message = `payment link "${spec.title}" takes live link ${choice.link.id} (${choice.link.slug}), ${how}, instead of creating one (its mark names this resource)`;
      this.notes({ severity: "info", urn: self?.urn, message, facts: { kind: "take", reason: message } });
    }
    if ((choice.kind === "take" || choice.kind === "new") && choice.leftovers.length > 0) {
      const made = choice.leftovers.map((link) => `${link.id} (${link.slug})`).join(", ");
      const message = `payment link "${spec.title}": will archive ${made}, made for this resource by an earlier run that stopped before recording it`;
      this.notes({ severity: "warning", urn: self?.urn, message, facts: { kind: "leftover-archived", reason: message } });
    }
    return undefined;
  }

  /** The declaration, validated, with the stack-wide defaults of its settings applied. */
  private spec(props: Props): LinkSpec {
    return this.withDefaults(LinkSpec.parse(split(props).declared));
  }

  private withDefaults(spec: LinkSpec): LinkSpec {
    return { ...linkDefaults(this.config), ...stripUndefined(spec) } as LinkSpec;
  }
}

export type { Link };
