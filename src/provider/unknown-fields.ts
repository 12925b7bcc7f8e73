// Runs inside the Pulumi provider host: what a preview can say about a link whose declaration holds
// values not known yet (they come from another resource created in the same run). A pure function,
// table-tested in test/provider/unknown-fields.test.ts.
import { LINK_FIELD_RULES, type LinkField } from "../link/link-fields.ts";

/** What the preview shows for the unknown fields, so that `up` never does more than it said. */
export type UnknownFieldsDecision =
  /** Nothing unknown can force a new link: shown as an update. */
  | { kind: "update" }
  /** The link may be replaced (a new URL) if a value differs once known. */
  | { kind: "possible-replace"; fields: LinkField[]; reason: string }
  /** `up` refuses if a value differs once known (on_pricing_change: fail on a paid link). */
  | { kind: "possible-refusal"; fields: LinkField[]; reason: string };

/**
 * Fixed fields may always need a new link; pricing fields do once the link has been paid (the API
 * refuses to change them), which `paidCount` tells, read from the live link when it could be.
 */
export function decideUnknownFields(unknown: readonly LinkField[], paidCount: number, onPricingChange: unknown): UnknownFieldsDecision {
  const fixed = unknown.filter((field) => LINK_FIELD_RULES[field] === "fixed");
  const pricing = paidCount > 0 ? unknown.filter((field) => LINK_FIELD_RULES[field] === "pricing") : [];
  if (fixed.length === 0 && pricing.length === 0) return { kind: "update" };
  const paid = `the link has been paid (${paidCount} time${paidCount === 1 ? "" : "s"})`;
  if (fixed.length === 0 && onPricingChange === "fail") {
    const reason = `${pricing.join(", ")} is not known yet and ${paid}; if it differs from the live link's, up refuses (on_pricing_change is fail)`;
    return { kind: "possible-refusal", fields: pricing, reason };
  }
  const fields = [...fixed, ...(onPricingChange === "fail" ? [] : pricing)];
  const why = fixed.length > 0 ? "" : ` and ${paid}`;
  return {
    kind: "possible-replace",
    fields,
    reason: `${fields.join(", ")} is not known yet${why}; if it differs from the live link's, the link is replaced (a new URL)`,
  };
}
