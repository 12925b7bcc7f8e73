// Runs in the policy pack: reading a PaymentLink's properties as the analyzer sees them. During a
// preview these are the declared, normalised inputs (money as "4500.00" strings), for new,
// changed and unchanged links alike; never the live outputs (paid_count) of the link. A link of
// the plugin's type (mytpe:index:PaymentLink) names them in camelCase (`amountMode`): the rules
// read every link in the API's wire names, and say their findings in the link's own.
import type { PolicyConfigSchema } from "@pulumi/policy/policy.js";

export { isPaymentLinkType } from "../provider/protocol.ts";
export { inWordsOf, wirePropsOf as linkProps } from "../plugin/plugin-names.ts";
export { amountOf, MONEY_VALUE_FIELDS as AMOUNT_FIELDS } from "../link/money.ts";
export { stackOfUrn } from "../link/urn.ts";

export type LinkProps = Record<string, unknown>;

/** A config schema with the given properties, each optional. */
export function schema(properties: PolicyConfigSchema["properties"]): PolicyConfigSchema {
  return { properties };
}
