// Runs inside the Pulumi provider host: the provider's side of "one link, one owner" — what a
// create takes instead of making a link, whether a replacement is owed, and what a delete may do —
// carried out over the API with the run's claims (run-claims.ts). Whose link is whose is decided by
// the pure functions of ownership.ts; this class only gathers what they need.
import type { NoteSink } from "./engine-log.ts";
import type { LinkApi } from "./link-api.ts";
import { markOf, withMarker, withoutMarker } from "./link-marker.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import type { Link } from "../link/link.ts";
import { formatMark, identityChange, interruptedReplacement, readOwnMark, type AdoptChange } from "./ownership.ts";
import { split, urnOfMark, type Props } from "./provider-inputs.ts";
import { currentStateVersion, stateAge, stateVersionOf } from "./state-version.ts";
import type { OwnLinks } from "./recovery.ts";
import type { RunClaims } from "./run-claims.ts";
import type { SavedState } from "./saved-state.ts";
import { isTerminal } from "./status-plan.ts";

export class LinkIdentity {
  constructor(
    private readonly api: LinkApi,
    private readonly own: OwnLinks,
    private readonly claims: RunClaims,
    private readonly savedState: SavedState,
    private readonly notes: NoteSink,
  ) {}

  /**
   * The live link a create takes instead of making one, if any: the one declared with `adopt:` when
   * the resource holds no link yet (once it holds one, `adopt:` is history: an adopted link replaced,
   * once or again, gets a new link), or one of the resource's own (a create whose answer was lost,
   * a run killed) — never the link this resource's state holds, which a replacement replaces. A
   * diff in this run says which link that is; for a targeted replacement (`up --replace`: no diff)
   * the saved state does (saved-state.ts).
   */
  async existingLink(spec: LinkSpec, urn: string | undefined): Promise<string | undefined> {
    if (urn === undefined) return spec.adopt;
    const held = async (id: string): Promise<boolean> => {
      if (this.claims.stateHolder(id) === urn) return true;
      if (this.claims.diffed(urn)) return false;
      const saved = await this.savedState(urn);
      // Unreadable: taken (never a second link), and never archived by this run (`beforeDelete`).
      if (saved === undefined) this.claims.unsure(id, urn);
      return saved === id;
    };
    if (spec.adopt !== undefined) {
      const exists = await this.holdsLink(urn);
      if (exists === false || (exists === undefined && !(await held(spec.adopt)))) return spec.adopt;
    }
    // The run's claims as they are (a copy only once a link found is passed over: #30).
    let excluded = this.claims.held();
    for (;;) {
      const found = await this.own.find(spec, urn, excluded);
      if (!found || !(await held(found.id))) return found?.id;
      excluded = new Set([...excluded, found.id]);
    }
  }

  /**
   * Whether the stack's state holds a link for the resource `urn` (a diff of this run says so, else
   * the saved state): then the resource exists and this create is its replacement's. Undefined when
   * the saved state cannot be read.
   */
  async holdsLink(urn: string | undefined): Promise<boolean | undefined> {
    if (urn === undefined) return false;
    if (this.claims.diffed(urn)) return true;
    const saved = await this.savedState(urn);
    return saved === undefined ? undefined : saved !== null;
  }

  /**
   * A replacement an earlier run began (its new link made, or its old link archived first) and was
   * killed before state recorded it: `diff` finishes it; the create takes the link it made, if any.
   */
  finishReplacement(label: string, urn: string | undefined): { changes: true; replaces: string[]; deleteBeforeReplace: false } {
    const reason = "an earlier run began replacing this link and stopped before recording it; the replacement is finished (the link it made is taken, or a new one is made)";
    this.notes({ severity: "warning", urn, message: `${label} will be REPLACED: ${reason}.`, facts: { kind: "replace", reason, fields: [] } });
    return { changes: true, replaces: ["status"], deleteBeforeReplace: false };
  }

  /**
   * Nothing changes on the live link's fields: what changes in the resource's identity (ownership.ts
   * `identityChange`: a rename, `adopt:` recorded, older state), said in a note. `changes` when any.
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

  /** Whether a replacement of the resource `urn` is owed or half done, from the instance's listing. */
  async replacementOwed(live: Link, urn: string | undefined, label: string): Promise<boolean> {
    if (urn === undefined) return false;
    if (readOwnMark(markOf(live), urn)?.replaced) return true;
    const listing = await this.api.reader().listing(live.payment_instance_id, label);
    return interruptedReplacement(live, listing.markedBy(urn), urn);
  }

  /**
   * Before the link `id` of the resource `urn` is archived: "keep" when this run's create took this
   * very link without knowing whether it was the one being replaced (flagged instead, so the next
   * `up --refresh` finishes the replacement); the old link of a delete-first replacement is flagged
   * before it is archived, so a run killed before the new link exists finishes it too.
   */
  async beforeDelete(id: string, urn: string | undefined, label: string): Promise<"keep" | "archive"> {
    if (urn !== undefined && this.claims.isUnsure(id, urn)) {
      await this.flagReplaced(id, urn, label);
      const message =
        `${label} was kept, not archived: mytpe-links could not read the stack's saved state (\`pulumi stack export\`) to tell it ` +
        "from a link a killed run left; the replacement is finished by the next `pulumi up --refresh`";
      this.notes({ severity: "warning", urn: urnOfMark(urn), message, facts: { kind: "replace-deferred", reason: message } });
      return "keep";
    }
    if (this.claims.replacedBeforeCreate(urn)) await this.flagReplaced(id, urn, label);
    return "archive";
  }

  private async flagReplaced(id: string, urn: string | undefined, label: string): Promise<void> {
    const live = urn === undefined ? undefined : await this.api.get(id, label);
    if (!live || urn === undefined || isTerminal(live.status)) return;
    const generation = readOwnMark(markOf(live), urn)?.generation || 1;
    await this.api.update(id, { metadata: withMarker(withoutMarker(live.metadata), formatMark(urn, generation, true)) }, label);
  }
}
