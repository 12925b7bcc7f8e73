// Runs inside the Pulumi provider host: taking an existing live link under management (`adopt:`)
// instead of creating one. `pulumi import` does not work for dynamic resources (pulumi/pulumi#3550),
// so adoption is a setting of the declaration: the preview says which link it takes and what
// changes, and `up` updates it in place — never a second link.
import type { ChangeDecision } from "./link-diff.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import type { Link } from "../link/link.ts";
import { isTerminal } from "./status-plan.ts";

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
