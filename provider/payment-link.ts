// The PaymentLink resource, program side: a thin class that only wires the shim to the engine.
import * as pulumi from "@pulumi/pulumi";
import type { LinkSpecInput } from "./link-spec.ts";
import type { LinkStatus } from "./link.ts";
import { paymentLinkShim } from "./payment-link-shim.ts";

/** Arguments of a PaymentLink: the API's wire names, each possibly an Output of another resource. */
export type PaymentLinkArgs = { [K in keyof LinkSpecInput]: pulumi.Input<LinkSpecInput[K]> };

/** A MyTPE payment link, created, published, paused, resumed, updated or archived to match its declaration. */
export class PaymentLink extends pulumi.dynamic.Resource {
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
    super(
      paymentLinkShim,
      name,
      { ...args, slug: undefined, url: undefined, paid_count: undefined, total_collected: undefined },
      opts,
      "mytpe",
      "PaymentLink",
    );
  }
}
