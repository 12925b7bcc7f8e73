// The PaymentLink resource, program side: a thin class that only wires the provider to the engine.
// Subpaths rather than "@pulumi/pulumi": the package's index also loads the automation API and the
// closure serializer, ~0.5–1 s of startup for every pulumi command that runs the program.
import { getProject, getStack } from "@pulumi/pulumi/metadata.js";
import type { Input, Output } from "@pulumi/pulumi/output.js";
import { CustomResource, type CustomResourceOptions } from "@pulumi/pulumi/resource.js";
import { markerRef } from "./link-marker.ts";
import type { LinkSpecInput } from "./link-spec.ts";
import type { LinkStatus } from "./link.ts";

/** The type token: the `pulumi-nodejs:dynamic` package routes it to the dynamic-provider host. */
export const PAYMENT_LINK_TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";

/**
 * The provider text Pulumi stores as `__provider` in the state of every PaymentLink, twice (inputs
 * and outputs), and the dynamic-provider host evaluates in a plain `node`. Runs inside the Pulumi
 * provider host. Written by hand rather than by Pulumi's closure serializer: it captures nothing
 * (no secrets, no schemas), has none of the serializer's traps, and stays a couple of hundred bytes
 * by only finding the project (the host starts in it, or in program/) and requiring
 * provider/payment-link-shim.cjs, which loads the current provider. Old and new resources alike
 * therefore run the current code. Keep this text stable: it is in every state file.
 */
export const PAYMENT_LINK_PROVIDER =
  'exports.handler=()=>{const p=require("path"),f=require("fs"),s="provider/payment-link-shim.cjs";' +
  "let d=process.cwd();while(!f.existsSync(p.join(d,s))&&p.dirname(d)!==d)d=p.dirname(d);" +
  "return require(p.join(d,s)).handler()}";

/** Arguments of a PaymentLink: the API's wire names, each possibly an Output of another resource. */
export type PaymentLinkArgs = { [K in keyof LinkSpecInput]: Input<LinkSpecInput[K]> };

/** A MyTPE payment link, created, published, paused, resumed, updated or archived to match its declaration. */
export class PaymentLink extends CustomResource {
  /** Server-generated slug; the public URL is built from it. */
  declare readonly slug: Output<string>;
  /** The public payment page, exactly as built from the slug. */
  declare readonly url: Output<string>;
  /** Live status: draft, active, paused, exhausted, expired or archived. */
  declare readonly status: Output<LinkStatus>;
  /** Successful payments so far. */
  declare readonly paid_count: Output<number>;
  /** Sum collected so far, as a decimal string. */
  declare readonly total_collected: Output<string>;

  constructor(name: string, args: PaymentLinkArgs, opts?: CustomResourceOptions) {
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
        marker: markerRef(getProject(), getStack(), name),
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
