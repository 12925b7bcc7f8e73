// Runs in the policy pack: an open-amount link (the payer chooses how much) must have a ceiling.
import type { ResourceValidationPolicy } from "@pulumi/policy/policy.js";
import { inWordsOf, isPaymentLinkType, linkProps, type LinkProps } from "../link-props.ts";

/** Why the link breaks the rule, or undefined. */
export function openAmountProblem(props: LinkProps): string | undefined {
  if (props["amount_mode"] !== "open" || props["max_amount"] !== undefined) return undefined;
  return "an open-amount link must set max_amount: without it a payer can pay any amount";
}

export const openAmountMax: ResourceValidationPolicy = {
  name: "open-amount-needs-max",
  description: "An open-amount payment link must set max_amount.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (!isPaymentLinkType(args.type)) return;
    const problem = openAmountProblem(linkProps(args.type, args.props));
    if (problem) reportViolation(inWordsOf(args.type, `payment link ${args.name}: ${problem}`));
  },
};
