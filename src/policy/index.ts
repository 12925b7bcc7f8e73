// `mytpe-links/policy`: the rules for payment links, to put in a policy pack of your own
// (`new PolicyPack("links", { policies: [...policies] })`; this repo's pack is policy/index.js).
// Runs in the policy pack's process, started by the engine for `pulumi preview --policy-pack DIR`.
// Enforcement levels and thresholds are set per run with `--policy-pack-config FILE`.
import type { ResourceValidationPolicy } from "@pulumi/policy/policy.js";
import { amountCeiling } from "./rules/amount-ceiling.ts";
import { openAmountMax } from "./rules/open-amount-max.ts";
import { paidLinkReplacement } from "./rules/paid-link-replacement.ts";
import { requiredMetadata } from "./rules/required-metadata.ts";

export { amountCeiling, DEFAULT_MAX_AMOUNT, ceilingFor, type AmountCeilingConfig } from "./rules/amount-ceiling.ts";
export { openAmountMax } from "./rules/open-amount-max.ts";
export { paidLinkReplacement, paidReplacementProblem, type PaidLinkReplacementConfig } from "./rules/paid-link-replacement.ts";
export { requiredMetadata, type RequiredMetadataConfig } from "./rules/required-metadata.ts";

/** Every rule, in the order the pack reports them. */
export const policies: readonly ResourceValidationPolicy[] = [openAmountMax, amountCeiling, paidLinkReplacement, requiredMetadata];
