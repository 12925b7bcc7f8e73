// The PaymentLink resource, program side: a thin class that only wires the provider to the engine.
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { markerRef } from "./link-marker.ts";
import type { LinkSpecInput } from "./link-spec.ts";
import type { LinkStatus } from "./link.ts";

/** The type token: the `pulumi-nodejs:dynamic` package routes it to the dynamic-provider host. */
export const PAYMENT_LINK_TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";

/** The provider text stored as `__provider` (see payment-link-shim.cjs), without its comments. */
export const PAYMENT_LINK_PROVIDER = readFileSync(new URL("./payment-link-shim.cjs", import.meta.url), "utf8")
  .replace(/^\s*\/\/.*\n/gm, "")
  .replace(/^\s+/gm, "")
  .trim();

/** Arguments of a PaymentLink: the API's wire names, each possibly an Output of another resource. */
export type PaymentLinkArgs = { [K in keyof LinkSpecInput]: pulumi.Input<LinkSpecInput[K]> };

/** A MyTPE payment link, created, published, paused, resumed, updated or archived to match its declaration. */
export class PaymentLink extends pulumi.CustomResource {
  /** Server-generated slug; the public URL is built from it. */
  declare readonly slug: pulumi.Output<string>;
  /** The public payment page, exactly as built from the slug. */
  declare readonly url: pulumi.Output<string>;
  /** Live status: draft, active, paused, exhausted, expired or archived. */
  declare readonly status: pulumi.Output<LinkStatus>;
  /** Successful payments so far. */
  declare readonly paid_count: pulumi.Output<number>;
  /** Sum collected so far, as a decimal string. */
  declare readonly total_collected: pulumi.Output<string>;

  constructor(name: string, args: PaymentLinkArgs, opts?: pulumi.CustomResourceOptions) {
    // What pulumi.dynamic.Resource does, with our own small provider text instead of a
    // closure-serialized one.
    super(
      PAYMENT_LINK_TYPE,
      name,
      {
        __provider: PAYMENT_LINK_PROVIDER,
        ...args,
        // The link's Pulumi identity, put in its metadata so the provider can find its own links
        // after a lost answer, a crash or a lost state file (see link-marker.ts).
        marker: markerRef(pulumi.getProject(), pulumi.getStack(), name),
        slug: undefined,
        url: undefined,
        status: args.status,
        paid_count: undefined,
        total_collected: undefined,
      },
      opts,
    );
  }
}
