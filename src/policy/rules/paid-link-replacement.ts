// Runs in the policy pack: a paid link is never replaced without an explicit allowance.
//
// What a policy can observe: during a preview the analyzer receives each link's declared inputs
// only — not its live outputs (paid_count), and not whether the engine will replace it (checked
// against Pulumi 3.259: validateResource and validateStack both get the new inputs). Whether a
// link has been paid is known to the provider alone, which asks the API in `diff`. So the rule
// works through the provider's own switch: `on_pricing_change`. With `fail`, the provider refuses
// at preview any change that would replace a paid link; with `replace`, the declaration allows it
// explicitly. A link that leaves it unset gets the provider's default (replace), silently: that
// is the violation. The stack-wide default (stack config `mytpe:onPricingChange`) is not visible
// to policies; `npm run plan` shows each actual replacement and its reason.
import type { ResourceValidationPolicy } from "@pulumi/policy/policy.js";
import { inWordsOf, isPaymentLinkType, linkProps, schema, type LinkProps } from "../link-props.ts";

export interface PaidLinkReplacementConfig {
  /** Whether `on_pricing_change: replace` counts as an allowance (else only `fail` passes). */
  allowReplace?: boolean;
}

/** Why the link breaks the rule, or undefined. */
export function paidReplacementProblem(props: LinkProps, config: PaidLinkReplacementConfig = {}): string | undefined {
  const setting = props["on_pricing_change"];
  if (setting === "fail") return undefined;
  if (setting === "replace" && config.allowReplace !== false) return undefined;
  if (setting === "replace") return "on_pricing_change is replace, which this stack's policy does not allow: declare on_pricing_change: fail";
  return (
    "on_pricing_change is not set, so once the link is paid a change of its amount, bounds, currency or modes " +
    "archives it and creates a new one with a new URL; declare on_pricing_change: fail to forbid that, " +
    "or on_pricing_change: replace to allow it explicitly"
  );
}

export const paidLinkReplacement: ResourceValidationPolicy = {
  name: "paid-link-replacement",
  description: "A paid payment link is replaced only with an explicit allowance (on_pricing_change).",
  enforcementLevel: "advisory",
  configSchema: schema({ allowReplace: { type: "boolean", default: true } }),
  validateResource: (args, reportViolation) => {
    if (!isPaymentLinkType(args.type)) return;
    const problem = paidReplacementProblem(linkProps(args.type, args.props), args.getConfig<PaidLinkReplacementConfig>());
    if (problem) reportViolation(inWordsOf(args.type, `payment link ${args.name}: ${problem}`));
  },
};
