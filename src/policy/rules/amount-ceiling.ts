// Runs in the policy pack: no amount of a link (fixed amount, bounds, target) above a ceiling,
// set for every stack (`maxAmount`) and per stack (`stacks: {production: 50000}`).
import type { ResourceValidationPolicy } from "@pulumi/policy/policy.js";
import { AMOUNT_FIELDS, amountOf, inWordsOf, isPaymentLinkType, linkProps, schema, stackOfUrn, type LinkProps } from "../link-props.ts";

export interface AmountCeilingConfig {
  /** The ceiling in every stack without its own. */
  maxAmount?: number;
  /** Ceilings by stack name. */
  stacks?: Record<string, number>;
}

export const DEFAULT_MAX_AMOUNT = 1_000_000;

/** The ceiling that applies in a stack. */
export function ceilingFor(stack: string, config: AmountCeilingConfig): number {
  return config.stacks?.[stack] ?? config.maxAmount ?? DEFAULT_MAX_AMOUNT;
}

/** One message per amount above the ceiling. */
export function amountsAbove(props: LinkProps, ceiling: number): string[] {
  const currency = typeof props["currency"] === "string" ? props["currency"] : "DZD";
  return [...AMOUNT_FIELDS].flatMap((field) => {
    const amount = amountOf(props[field]);
    return amount !== undefined && amount > ceiling ? [`${field} ${props[field]} ${currency} is above the ceiling of ${ceiling} for this stack`] : [];
  });
}

export const amountCeiling: ResourceValidationPolicy = {
  name: "amount-ceiling",
  description: "No amount of a payment link above the stack's ceiling.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    maxAmount: { type: "number", exclusiveMinimum: 0, default: DEFAULT_MAX_AMOUNT },
    stacks: { type: "object", additionalProperties: { type: "number", exclusiveMinimum: 0 } },
  }),
  validateResource: (args, reportViolation) => {
    if (!isPaymentLinkType(args.type)) return;
    const ceiling = ceilingFor(stackOfUrn(args.urn) ?? "", args.getConfig<AmountCeilingConfig>());
    for (const problem of amountsAbove(linkProps(args.type, args.props), ceiling))
      reportViolation(inWordsOf(args.type, `payment link ${args.name}: ${problem}`));
  },
};
