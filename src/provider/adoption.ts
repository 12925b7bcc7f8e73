// Runs inside the Pulumi provider host: taking an existing live link under management (`adopt:`)
// instead of creating one. `pulumi import` does not work for dynamic resources (pulumi/pulumi#3550),
// so adoption is a setting of the declaration: the preview says which link it takes and what
// changes, and `up` updates it in place — never a second link — and marks it, so that no other
// resource (of this stack or another) can take it after it: a link has one owner (ownership.ts).
import { applyUpdate } from "./apply-changes.ts";
import type { NoteSink } from "./engine-log.ts";
import type { LinkApi } from "./link-api.ts";
import { decideChange, type ChangeDecision } from "./link-diff.ts";
import { classifyMark, ownerRefusal, type Self } from "./ownership.ts";
import { markOf } from "./link-marker.ts";
import { takeFrom } from "./provider-inputs.ts";
import type { RunClaims } from "./run-claims.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import { factsOf } from "./link-state.ts";
import type { Link } from "../link/link.ts";
import { isTerminal } from "./status-plan.ts";

/** Adoptions of one provider process (one Pulumi command). */
export class Adoptions {
  constructor(
    private readonly api: LinkApi,
    private readonly notes: NoteSink,
    private readonly claims: RunClaims,
  ) {}

  /** At preview: says what adopting will change, or returns why it cannot be done. */
  async preview(spec: LinkSpec, id: string, self: Self | undefined): Promise<string | undefined> {
    const { live, decision, refused } = await this.assess(spec, id, self);
    if (refused || !live || !decision) return refused ?? "unknown link";
    const marks = self !== undefined && classifyMark(markOf(live), self).kind !== "own";
    const message = adoptionNote(spec, live, decision, marks);
    this.notes({
      severity: "info",
      urn: self?.urn,
      message,
      facts: { kind: "adopt", reason: message, ...(decision.action === "update" ? { fields: decision.fields } : {}) },
    });
    return undefined;
  }

  /**
   * Takes the live link under management and marks it: an ordinary update, never a second link.
   * Also how a create takes a link of its own that a killed run left (`what`: how errors name it).
   */
  async take(spec: LinkSpec, id: string, self: Self | undefined, what = "adopt"): Promise<Link> {
    const { live, decision, refused } = await this.assess(spec, id, self);
    if (refused || !live || !decision) throw new Error(`cannot ${what} payment link "${spec.title}": ${refused ?? "unknown link"}`);
    if (decision.action !== "update" && decision.action !== "none") throw new Error(`cannot ${what} payment link "${spec.title}": unknown link`);
    return applyUpdate(this.api, live, spec, decision, self, true);
  }

  private async assess(spec: LinkSpec, id: string, self: Self | undefined) {
    const live = await this.api.get(id, spec.title, "read payment link to adopt");
    const decision = live ? decideChange(factsOf(live), spec) : undefined;
    const refused = adoptionRefusal(id, live, decision) ?? (live ? ownerRefusal(live, self, this.claims.holder(id), takeFrom()) : undefined);
    // A second declaration adopting the same link later in this run is refused as taken.
    if (!refused) this.claims.take(id, self?.urn);
    return { live, decision, refused };
  }
}

/** Why a live link cannot be adopted as declared, if it cannot. */
export function adoptionRefusal(id: string, live: Link | undefined, decision: ChangeDecision | undefined): string | undefined {
  if (!live) return `no payment link ${id} exists for these credentials`;
  if (isTerminal(live.status)) return `link ${id} is ${live.status}; an ended link cannot be taken under management`;
  if (decision?.action === "refuse") return decision.reason;
  if (decision?.action === "replace") {
    return `${decision.reason}; adopting never creates a second link: make the declaration match the live link, or remove \`adopt\` to create a new one`;
  }
  return undefined;
}

/** What the preview says of an adoption that can be done; `marks`: the link gets the resource's mark. */
export function adoptionNote(spec: LinkSpec, live: Link, decision: ChangeDecision, marks = false): string {
  const changes =
    decision.action === "update"
      ? [
          ...decision.fields.map((field) => `${field}: ${JSON.stringify(live[field] ?? null)} → ${JSON.stringify(spec[field] ?? null)}`),
          ...(decision.status.actions.length > 0 ? [`status: ${live.status} → ${spec.status}`] : []),
        ]
      : [];
  return (
    `payment link "${spec.title}" adopts existing link ${live.id} (${live.slug}) instead of creating one; ` +
    (changes.length > 0 ? `it will be updated in place: ${changes.join("; ")}` : "it already matches the declaration") +
    (marks ? "; it gets this resource's mark (in its metadata), so that no other declaration can take it" : "")
  );
}
