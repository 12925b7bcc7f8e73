// Runs inside the Pulumi provider host: taking an existing live link under management (`adopt:`)
// instead of creating one. `pulumi import` does not work for dynamic resources (pulumi/pulumi#3550),
// so adoption is a setting of the declaration: the preview says which link it takes and what
// changes, and `up` updates it in place — never a second link.
import { applyUpdate } from "./apply-changes.ts";
import type { NoteSink } from "./engine-log.ts";
import type { LinkApi } from "./link-api.ts";
import { decideChange, type ChangeDecision } from "./link-diff.ts";
import { isOwnMark, markOf } from "./link-marker.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import { factsOf } from "./link-state.ts";
import type { Link } from "../link/link.ts";
import { isTerminal } from "./status-plan.ts";

/** Adoptions of one provider process (one Pulumi command). */
export class Adoptions {
  /** Link ids adopted in this run, and by which resource (its mark). */
  private readonly adopters = new Map<string, string>();

  constructor(
    private readonly api: LinkApi,
    private readonly notes: NoteSink,
  ) {}

  /** At preview: says what adopting will change, or returns why it cannot be done. */
  async preview(spec: LinkSpec, id: string, marker: string | undefined, urn: string | undefined): Promise<string | undefined> {
    const { live, decision, refused } = await this.assess(spec, id, marker);
    if (refused || !live || !decision) return refused ?? "unknown link";
    const message = adoptionNote(spec, live, decision);
    this.notes({ severity: "info", urn, message, facts: { kind: "adopt", reason: message, ...(decision.action === "update" ? { fields: decision.fields } : {}) } });
    return undefined;
  }

  /** Takes the live link under management: an ordinary update, never a second link. */
  async take(spec: LinkSpec, id: string, marker: string | undefined): Promise<Link> {
    const { live, decision, refused } = await this.assess(spec, id, marker);
    if (refused || !live || !decision) throw new Error(`cannot adopt payment link "${spec.title}": ${refused ?? "unknown link"}`);
    return decision.action === "update" ? applyUpdate(this.api, live, spec, decision, marker) : live;
  }

  private async assess(spec: LinkSpec, id: string, marker: string | undefined) {
    const live = await this.api.get(id, spec.title, "read payment link to adopt");
    const decision = live ? decideChange(factsOf(live), spec) : undefined;
    return { live, decision, refused: adoptionRefusal(id, live, decision) ?? this.ownerRefusal(id, live, marker) };
  }

  /**
   * A link has one owner: one carrying another resource's mark is refused, and so is a second
   * resource adopting the same link in this run (a link adopted with no change carries no mark).
   */
  private ownerRefusal(id: string, live: Link | undefined, marker: string | undefined): string | undefined {
    const mark = live ? markOf(live) : undefined;
    if (mark && marker && !isOwnMark(mark, marker)) {
      return `link ${id} is already managed by ${mark} (its mark); a link has one owner: remove \`adopt\` here, or first remove it from the other declaration with retainOnDelete`;
    }
    const other = this.adopters.get(id);
    if (marker && other && other !== marker) {
      return `link ${id} is adopted by ${other} too; a link has one owner: keep \`adopt: ${id}\` on one declaration only`;
    }
    if (marker) this.adopters.set(id, marker);
    return undefined;
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

/** What the preview says of an adoption that can be done. */
export function adoptionNote(spec: LinkSpec, live: Link, decision: ChangeDecision): string {
  const changes =
    decision.action === "update"
      ? [
          ...decision.fields.map((field) => `${field}: ${JSON.stringify(live[field] ?? null)} → ${JSON.stringify(spec[field] ?? null)}`),
          ...(decision.status.actions.length > 0 ? [`status: ${live.status} → ${spec.status}`] : []),
        ]
      : [];
  return (
    `payment link "${spec.title}" adopts existing link ${live.id} (${live.slug}) instead of creating one; ` +
    (changes.length > 0 ? `it will be updated in place: ${changes.join("; ")}` : "it already matches the declaration")
  );
}
