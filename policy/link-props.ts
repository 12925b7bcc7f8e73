// Runs in the policy pack: reading a PaymentLink's properties as the analyzer sees them. During a
// preview these are the declared, normalised inputs (money as "4500.00" strings), for new,
// changed and unchanged links alike; never the live outputs (paid_count) of the link.
import type { PolicyConfigSchema } from "@pulumi/policy";

/** The type token of a PaymentLink (provider/payment-link.ts). */
export const PAYMENT_LINK_TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";

/** Fields holding an amount of the link's currency. */
export const AMOUNT_FIELDS = ["amount", "min_amount", "max_amount", "target_amount"] as const;

export type LinkProps = Record<string, unknown>;

/** The amount in a property, whether "4500.00" or 4500. */
export function amountOf(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  return undefined;
}

/** The stack of a URN: `urn:pulumi:<stack>::<project>::<type>::<name>`. */
export function stackOfUrn(urn: string): string {
  return /^urn:pulumi:([^:]+)::/.exec(urn)?.[1] ?? "";
}

/** A config schema with the given properties, each optional. */
export function schema(properties: PolicyConfigSchema["properties"]): PolicyConfigSchema {
  return { properties };
}
