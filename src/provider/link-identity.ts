// Runs inside the Pulumi provider host: the provider's side of "one link, one owner" — what a
// create takes instead of making a link, what each step may do to a link a state holds, what a
// killed run left to finish or roll back, and what a delete may do — carried out over the API with
// the run's claims (run-claims.ts). Whose link is whose is decided by the pure functions of
// ownership.ts; this class only gathers what they need.
import type { NoteSink } from "./engine-log.ts";
import type { LinkApi } from "./link-api.ts";
import { markOf, withMarker, withoutMarker } from "./link-marker.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import type { Link } from "../link/link.ts";
import { identityChange, type AdoptChange } from "./identity-change.ts";
import { decideChange } from "./link-diff.ts";
import { factsOf } from "./link-state.ts";
import { interruptedWork, settleInterrupted, type Settle } from "./interrupted-work.ts";
import { replacedMark, stepOwnership, type CreateChoice, type Self } from "./ownership.ts";
import { refusal, split, takeFrom, urnOfMark, type Props } from "./provider-inputs.ts";
import { currentStateVersion, stateAge, stateVersionOf } from "./state-version.ts";
import type { OwnLinks } from "./recovery.ts";
import type { RunClaims } from "./run-claims.ts";
import { isTerminal } from "./status-plan.ts";

export class LinkIdentity {
  constructor(
    private readonly api: LinkApi,
    private readonly own: OwnLinks,
    private readonly claims: RunClaims,
    private readonly notes: NoteSink,
  ) {}

  /**
   * What a create of the resource does: adopt the link `adopt:` names when the resource holds no
   * link yet (once it holds one, `adopt:` is history: an adopted link replaced gets a new link),
   * take one of its own (a lost answer, a killed run), refuse one of another state's, or make a
   * new link — never the link its saved state or this run holds, which a replacement replaces.
   * `fresh`: before an actual create, from a listing read now.
   */
  async choose(spec: LinkSpec, self: Self | undefined, fresh: boolean): Promise<CreateChoice | { kind: "adopt"; id: string }> {
    if (self === undefined) return spec.adopt === undefined ? { kind: "new", leftovers: [] } : { kind: "adopt", id: spec.adopt };
    const saved = this.claims.declaredFacts(self.urn).saved;
    if (spec.adopt !== undefined && !this.holdsLink(self, saved)) return { kind: "adopt", id: spec.adopt };
    const context = { held: this.claims.held(), saved, takeFrom: takeFrom(), label: `payment link "${spec.title}"` };
    const choice = await this.own.choose(spec, self, context, { fresh });
    if (choice.kind === "take-unsure") this.claims.unsure(choice.link.id, self.urn);
    return choice;
  }

  /**
   * Whether the resource holds a link already (a diff of this run says so, else the saved state the
   * program read): then this create is its replacement's, and `adopt:` is history. Unknown saved
   * state (the plugin) counts as holding none: `adopt:` then names the link to take.
   */
  holdsLink(self: Self | undefined, saved: ReadonlySet<string> | undefined): boolean {
    if (self === undefined) return false;
    return this.claims.diffed(self.urn) || (saved !== undefined && saved.size > 0);
  }

  /** Refuses a step on a link another resource or state owns; says a rename of this resource. */
  checkStep(live: Link, self: Self | undefined, previousUrn: unknown, label: string): "ok" | "rename" {
    if (self === undefined) return "ok";
    const verdict = stepOwnership(live, self, typeof previousUrn === "string" ? previousUrn : undefined, takeFrom(), label);
    if (verdict.kind === "refuse") throw refusal(verdict.reason);
    return verdict.kind;
  }

  /**
   * What a killed run left of a replacement of the resource whose state holds `live` (its own later
   * generations, or `live` flagged), and what this run does about it (ownership.ts `settleInterrupted`).
   */
  interrupted(live: Link, listing: Iterable<Link>, self: Self | undefined, spec: LinkSpec): Settle {
    if (self === undefined) return { kind: "none" };
    return settleInterrupted(live, interruptedWork(live, listing, self), (link) => {
      const decision = decideChange(factsOf(link), spec);
      // A successor the killed run created and had not published yet is as declared: publishing
      // it is the rest of its create, not a change.
      const unfinished = decision.action === "update" && decision.fields.length === 0 && link.status === "draft";
      return decision.action === "none" || unfinished ? "same" : decision.action === "update" ? "in-place" : "new-link";
    });
  }

  /** The note and the diff of a replacement an earlier run began and this run finishes. */
  finishReplacement(label: string, urn: string | undefined): { changes: true; replaces: string[]; deleteBeforeReplace: false } {
    const reason =
      "an earlier run began replacing this link and stopped before recording it; the replacement is finished (the link it made is taken, or a new one is made)";
    this.notes({ severity: "warning", urn, message: `${label} will be REPLACED: ${reason}.`, facts: { kind: "replace", reason, fields: [] } });
    return { changes: true, replaces: ["status"], deleteBeforeReplace: false };
  }

  /** The note of a replacement an earlier run began that the declaration no longer asks for. */
  rollBackNote(label: string, urn: string | undefined, successors: readonly Link[]): void {
    const made = successors.map((link) => `${link.id} (${link.slug})`).join(", ");
    const reason =
      `an earlier run began replacing this link and stopped before recording it; the declaration no longer asks for the replacement: ` +
      `this link is kept${made ? `, and the link that run made (${made}, its URL never recorded) is archived` : ""}`;
    this.notes({ severity: "warning", urn, message: `${label}: ${reason}.`, facts: { kind: "roll-back", reason } });
  }

  /** Archives the links a killed run made for the resource that this run does not keep. */
  async archiveLeftovers(links: readonly Link[], label: string, urn: string | undefined): Promise<void> {
    for (const link of links) {
      if (isTerminal(link.status)) continue;
      await this.api.archive(link.id, label);
      this.api.reader().rememberArchived(link.id);
      const message = `${label}: archived link ${link.id} (${link.slug}), made for this resource by an earlier run that stopped before recording it (its URL was never recorded).`;
      this.notes({ severity: "warning", urn, message, facts: { kind: "leftover-archived", reason: message } });
    }
  }

  /**
   * Nothing changes on the live link's fields: what changes in the resource's identity (a rename,
   * `adopt:` recorded, older state), said in a note. `changes` when any.
   */
  identityChanges(olds: Props, news: Props, adopt: AdoptChange, label: string): { changes: boolean } {
    const from = stateVersionOf(olds);
    const state = { older: olds["__provider"] !== news["__provider"] || stateAge(from) === "older", from, to: currentStateVersion().state_version };
    const marker = split(news).marker;
    const change = identityChange(olds["marker"], marker, adopt, state);
    if (change.kind === "none") return { changes: false };
    this.notes({ severity: "info", urn: urnOfMark(marker), message: `${label}: ${change.message}.`, facts: { kind: change.kind, reason: change.message } });
    return { changes: true };
  }

  /**
   * Before the link `id` of the resource is archived: "keep" when this run's create took this very
   * link without knowing whether it was the one being replaced (flagged instead, so the next `up`
   * finishes the replacement); the old link of a delete-first replacement is flagged before it is
   * archived, so a run killed before the new link exists finishes it too.
   */
  async beforeDelete(id: string, self: Self | undefined, label: string): Promise<"keep" | "archive"> {
    if (self !== undefined && this.claims.isUnsure(id, self.urn)) {
      await this.flagReplaced(id, self, label, true);
      const message =
        `${label} was kept, not archived: mytpe-links could not tell it from a link a killed run left (the plugin ` +
        "is not told which link the stack's saved state holds); the replacement is finished by the next `pulumi up`";
      this.notes({ severity: "warning", urn: self.urn, message, facts: { kind: "replace-deferred", reason: message } });
      return "keep";
    }
    // A replacement the declaration asks for was diffed in this run; a targeted one was not.
    if (self !== undefined && this.claims.replacedBeforeCreate(self.urn)) await this.flagReplaced(id, self, label, !this.claims.diffed(self.urn));
    return "archive";
  }

  private async flagReplaced(id: string, self: Self, label: string, targeted: boolean): Promise<void> {
    const live = await this.api.get(id, label);
    if (!live || isTerminal(live.status)) return;
    await this.api.update(id, { metadata: withMarker(withoutMarker(live.metadata), replacedMark(live, self, targeted)) }, label);
  }
}

/** Whether the link carries no mark at all (imported, released, or cleared in the dashboard). */
export function isUnmarked(link: Link): boolean {
  return markOf(link) === undefined;
}
