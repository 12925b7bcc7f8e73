// Runs in the policy pack (started by the engine for `pulumi preview --policy-pack policy/`):
// the rules, one a file under rules/. Enforcement levels and thresholds are set per run with
// `--policy-pack-config FILE` (e.g. config/production.json).
import { PolicyPack } from "@pulumi/policy";
import { amountCeiling } from "./rules/amount-ceiling.ts";
import { openAmountMax } from "./rules/open-amount-max.ts";
import { paidLinkReplacement } from "./rules/paid-link-replacement.ts";
import { requiredMetadata } from "./rules/required-metadata.ts";

new PolicyPack("mytpe-links", {
  policies: [openAmountMax, amountCeiling, paidLinkReplacement, requiredMetadata],
});
