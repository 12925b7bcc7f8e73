// Runs in the policy pack: links of some stacks (production by default) carry metadata keys a
// team relies on, e.g. the campaign they belong to. The stack is read from the link's URN: the
// analyzer is not told the stack otherwise when the language host starts the pack.
import type { ResourceValidationPolicy } from "@pulumi/policy/policy.js";
import { isPaymentLinkType, linkProps, schema, stackOfUrn, type LinkProps } from "../link-props.ts";

export interface RequiredMetadataConfig {
  /** Stacks the rule applies to. */
  stacks?: string[];
  /** Metadata keys every link of those stacks must carry, non-empty. */
  keys?: string[];
}

export const DEFAULT_REQUIRED_METADATA: Required<RequiredMetadataConfig> = { stacks: ["production"], keys: ["campaign"] };

/** The required keys the link lacks in this stack. */
export function missingMetadata(props: LinkProps, stack: string, config: RequiredMetadataConfig = {}): string[] {
  const stacks = config.stacks ?? DEFAULT_REQUIRED_METADATA.stacks;
  if (!stacks.includes(stack)) return [];
  const metadata = typeof props["metadata"] === "object" && props["metadata"] !== null ? (props["metadata"] as Record<string, unknown>) : {};
  return (config.keys ?? DEFAULT_REQUIRED_METADATA.keys).filter((key) => typeof metadata[key] !== "string" || metadata[key] === "");
}

export const requiredMetadata: ResourceValidationPolicy = {
  name: "required-metadata",
  description: "Payment links of the listed stacks carry the required metadata keys.",
  enforcementLevel: "mandatory",
  configSchema: schema({
    stacks: { type: "array", items: { type: "string" }, default: DEFAULT_REQUIRED_METADATA.stacks },
    keys: { type: "array", items: { type: "string" }, default: DEFAULT_REQUIRED_METADATA.keys },
  }),
  validateResource: (args, reportViolation) => {
    if (!isPaymentLinkType(args.type)) return;
    const stack = stackOfUrn(args.urn) ?? "";
    const missing = missingMetadata(linkProps(args.type, args.props), stack, args.getConfig<RequiredMetadataConfig>());
    if (missing.length > 0) {
      reportViolation(`payment link ${args.name}: links of stack ${stack} must carry metadata ${missing.map((key) => `\`${key}\``).join(", ")}`);
    }
  },
};
