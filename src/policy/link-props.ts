// Runs in the policy pack: reading a PaymentLink's properties as the analyzer sees them. During a
// preview these are the declared, normalised inputs (money as "4500.00" strings), for new,
// changed and unchanged links alike; never the live outputs (paid_count) of the link. A link of
// the plugin's type (mytpe:index:PaymentLink) names them in camelCase (`amountMode`): the rules
// read every link in the API's wire names, and say their findings in the link's own.
import type { PolicyConfigSchema } from "@pulumi/policy/policy.js";
import { inPluginWords, wireProps } from "../plugin/plugin-names.ts";
import { PLUGIN_LINK_TYPE } from "../provider/protocol.ts";

export { isPaymentLinkType } from "../provider/protocol.ts";
export { amountOf, MONEY_VALUE_FIELDS as AMOUNT_FIELDS } from "../link/money.ts";
export { stackOfUrn } from "../link/urn.ts";

export type LinkProps = Record<string, unknown>;

/** A link's properties in the API's wire names, whichever type declared it. */
export function linkProps(type: string, props: LinkProps): LinkProps {
  return type === PLUGIN_LINK_TYPE ? wireProps(props) : props;
}

/** A finding about a link in the words of its declaration: the plugin's names for the plugin's type. */
export function inWordsOf(type: string, text: string): string {
  return type === PLUGIN_LINK_TYPE ? inPluginWords(text) : text;
}

/** A config schema with the given properties, each optional. */
export function schema(properties: PolicyConfigSchema["properties"]): PolicyConfigSchema {
  return { properties };
}
