// Runs inside the Pulumi provider host: `diff`, and the live reads it shares with `update`, `read`
// and `delete`. Before anything is decided for a link its state holds, the link is found in its
// payment instance's listing (one listing per instance per run, shared by every link of it:
// link-reader.ts), which proves it is this resource's (link-identity.ts `checkStep`) and shows what a
// killed run left of a replacement — the links it made, or this one flagged — to finish or roll back
// with the command a pipeline re-runs, a plain `up`. The decisions are link-diff.ts's and
// ownership.ts's; this class carries them out.
import type { NoteSink } from "./engine-log.ts";
import type { LinkApi } from "./link-api.ts";
import type { Listing } from "./link-listing.ts";
import { decideChange, refreshDrift, type LinkFacts } from "./link-diff.ts";
import { LINK_FIELD_RULES, LINK_FIELDS } from "../link/link-fields.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import type { Link } from "../link/link.ts";
import { factsOf } from "./link-state.ts";
import { interruptedWork } from "./interrupted-work.ts";
import { adoptChange } from "./identity-change.ts";
import type { LinkIdentity } from "./link-identity.ts";
import { isUnmarked } from "./link-identity.ts";
import { linkDefaults, type ConfigReader } from "./provider-settings.ts";
import { isUnknown, linkLabel, refusal, selfOf, split, urnOfMark, type Props } from "./provider-inputs.ts";
import type { RunClaims } from "./run-claims.ts";
import { refuseNewerState } from "./state-version.ts";
import { decideUnknownFields } from "./unknown-fields.ts";
import { isTerminal } from "./status-plan.ts";

/** How long a read made by `diff` stands in for the one `update` would make. */
const RECENT_READ_MS = 5 * 60_000;

type DiffResult = { changes: boolean; replaces?: string[]; deleteBeforeReplace?: boolean };

export class LinkDiff {
  /** Live links `diff` just read, so the `update` that follows in this run need not read again. */
  private readonly seen = new Map<string, { link: Link; at: number }>();
  /** Links a killed run made that this run's `update` archives (a replacement rolled back). */
  private readonly rollBacks = new Map<string, Link[]>();

  constructor(
    private readonly api: LinkApi,
    private readonly identity: LinkIdentity,
    private readonly claims: RunClaims,
    private readonly notes: NoteSink,
    private readonly config: ConfigReader | undefined,
  ) {}

  async diff(id: string, olds: Props, news: Props, specOf: (props: Props) => LinkSpec): Promise<DiffResult> {
    const { declared, marker } = split(news);
    const urn = urnOfMark(marker);
    // Before any create of this run: this resource holds this link (ownership.ts).
    this.claims.hold(id, marker);
    // A refresh's diff (live link against the last declaration), for its display only: never
    // refused nor said here, since the `up` that follows decides and says it once.
    if (!this.claims.isDeclared(marker)) return { changes: refreshDrift(factsOf(olds), olds["replacement_owed"] === true, declared) };
    refuseNewerState(olds, linkLabel(String(olds["title"] ?? id), olds));
    const title = String(olds["title"] ?? id);
    const unknown = LINK_FIELDS.filter((field) => isUnknown(declared[field]));
    if (unknown.length > 0) return this.unknownFields(id, olds, declared, unknown, urn);
    if (Object.values(declared).some(isUnknown)) return { changes: true };
    const spec = specOf(news);
    const label = linkLabel(spec.title, olds);
    const adopt = adoptChange(id, typeof olds["adopt"] === "string" ? olds["adopt"] : undefined, spec.adopt);
    if (adopt.kind === "refuse") throw refusal(`${label}: ${adopt.reason}`);

    // Whose link this is, and what a killed run left, from the instance's listing.
    const self = selfOf(news, olds);
    const listing = await this.listingOf(olds, title);
    const listed = listing?.get(id);
    let marking = false;
    if (listed) {
      this.identity.checkStep(listed, self, olds["marker"], label);
      const work = this.identity.interrupted(listed, self === undefined ? [] : listing!.markedBy(self.urn), self, spec);
      if (work.kind === "finish") return this.identity.finishReplacement(label, urn);
      if (work.kind === "roll-back") {
        this.identity.rollBackNote(label, urn, work.successors);
        this.rollBacks.set(id, work.successors);
        this.remember(id, listed);
        return { changes: true };
      }
      marking = isUnmarked(listed);
    }
    if (olds["replacement_owed"] === true) {
      const message = `${label}: the replacement an earlier refresh found owed is not owed any more; recording it (no API write)`;
      this.notes({ severity: "info", urn, message: `${message}.`, facts: { kind: "state-recorded", reason: message } });
      return { changes: true };
    }
    return this.decide(id, olds, news, spec, label, adopt, marking, urn);
  }

  private async decide(
    id: string,
    olds: Props,
    news: Props,
    spec: LinkSpec,
    label: string,
    adopt: ReturnType<typeof adoptChange>,
    marking: boolean,
    urn: string | undefined,
  ): Promise<DiffResult> {
    let decision = decideChange(factsOf(olds), spec);
    let paidCount = Number(olds["paid_count"] ?? 0);
    if (decision.action !== "none" || spec.on_terminal === "recreate") {
      // Whether a link was paid, or has ended, decides between update and replace: ask the API,
      // not the state, which may be days old. An evergreen link (on_terminal: recreate) is
      // always checked, since the platform ends links without telling us.
      const live = await this.readLive(id, olds, spec.title);
      if (live) {
        this.remember(id, live);
        paidCount = live.paid_count;
        const fromState = decision;
        decision = decideChange(factsOf(live), spec);
        if (fromState.action !== "none" && decision.action === "none" && !decision.note) {
          // The live link already matches but state says otherwise (a killed run applied the
          // change and never recorded it): an update that sends nothing and records the truth.
          this.notes({
            severity: "info",
            urn,
            message: `${label}: state was out of date; recording the live link (no API write).`,
            facts: { kind: "state-recorded" },
          });
          return { changes: true };
        }
      }
    }
    switch (decision.action) {
      case "none": {
        if (decision.note) this.notes({ severity: "info", urn, message: `${label}: ${decision.note}.`, facts: { kind: "ended", reason: decision.note } });
        const identity = this.identity.identityChanges(olds, news, adopt, label);
        if (identity.changes || !marking) return identity;
        const message = `${label}: the link carries no mark (imported, or its mark was removed); it is marked as this resource's (a metadata update)`;
        this.notes({ severity: "info", urn, message: `${message}.`, facts: { kind: "mark", reason: message } });
        return { changes: true };
      }
      case "update":
        return { changes: true };
      case "replace": {
        const url = typeof olds["url"] === "string" ? olds["url"] : undefined;
        // An adopted link is replaced like any other: `adopt` names the old link, not the new one.
        const adopted = spec.adopt === id ? ` (adopt: ${id} names the link being replaced; the new link is made, not adopted)` : "";
        const retained =
          this.claims.declaredFacts(urn).retainOnDelete === true
            ? "; retainOnDelete keeps it live: its URL stays payable, managed by nobody"
            : ` its URL ${url ?? ""} stops accepting payments`;
        this.notes({
          severity: "warning",
          urn,
          message: `${label} will be REPLACED: ${decision.reason}. The new link is created and published first, then this one is archived;${retained}${adopted}.`,
          facts: { kind: "replace", reason: decision.reason, fields: decision.fields, paid_count: paidCount, ...(url ? { url } : {}) },
        });
        return { changes: true, replaces: decision.fields.length > 0 ? decision.fields : ["status"], deleteBeforeReplace: false };
      }
      case "refuse":
        throw refusal(`${label}: ${decision.reason}`);
    }
  }

  /** Declared values known only after another resource is created: what may happen once they are. */
  private async unknownFields(
    id: string,
    olds: Props,
    declared: Props,
    unknown: readonly (typeof LINK_FIELDS)[number][],
    urn: string | undefined,
  ): Promise<DiffResult> {
    // The link may have to be replaced, as `up` will once the values are known; whether it was
    // paid is asked of the API, not the state.
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

  /** The listing of the link's payment instance (one per run), or undefined when state names none. */
  private async listingOf(state: Props, title: string): Promise<Listing | undefined> {
    const instance = instanceOf(state);
    return instance === undefined ? undefined : this.api.reader().listing(instance, title);
  }

  /** The live link, through the batching reader: many reads at once share one listing. */
  readLive(id: string, state: Props, label: string): Promise<Link | undefined> {
    return this.api.reader().read(id, instanceOf(state), { label, needsPayers: state["usage_mode"] === "whitelist" });
  }

  /** What `diff` read of the link moments ago in this run, if anything. */
  async recentRead(id: string): Promise<Link | undefined> {
    const recent = this.seen.get(id);
    this.seen.delete(id);
    // The API still refuses a price change on a link paid in between, so the money rule holds
    // even on a slightly old read.
    return recent && Date.now() - recent.at < RECENT_READ_MS ? recent.link : undefined;
  }

  /** The links a killed run made that this run's update of `id` archives. */
  rollBackOf(id: string): Link[] {
    const links = this.rollBacks.get(id) ?? [];
    this.rollBacks.delete(id);
    return links;
  }

  facts(link: Link): LinkFacts {
    return factsOf(link);
  }

  /**
   * Whether a replacement of the resource is owed or half done (for `read`): its own mark says so,
   * or the instance's listing holds a later generation of its mark. The listing is read when the run
   * has one already (a refresh of many links), or when the link suggests a replacement was under way
   * (ended while state says otherwise); a lone `refresh --target` of a link that suggests nothing
   * costs its GET alone.
   */
  async replacementOwed(live: Link, props: Props, label: string): Promise<boolean> {
    const self = selfOf(props);
    if (self === undefined) return false;
    if (interruptedWork(live, [], self).flagged) return true;
    const reader = this.api.reader();
    const suggests = isTerminal(live.status) && !isTerminal((props["status"] as Link["status"] | undefined) ?? "active");
    const listing = reader.listingIfAny(live.payment_instance_id) ?? (suggests ? reader.listing(live.payment_instance_id, label) : undefined);
    if (listing === undefined) return false;
    return interruptedWork(live, (await listing).markedBy(self.urn), self).successors.length > 0;
  }

  private remember(id: string, link: Link): void {
    this.seen.set(id, { link, at: Date.now() });
  }
}

/** The payment instance state names for a link: its listing is what proves the link gone. */
function instanceOf(state: Props): string | undefined {
  return typeof state["payment_instance_id"] === "string" ? state["payment_instance_id"] : undefined;
}
