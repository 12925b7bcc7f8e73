// Program side: the PaymentLink resource, a thin class that only wires the provider to the engine.
// Subpaths rather than "@pulumi/pulumi": the package's index also loads the automation API and the
// closure serializer, ~0.5–1 s of startup for every pulumi command that runs the program.
import type { Input, Output } from "@pulumi/pulumi/output.js";
import { createUrn, CustomResource, type CustomResourceOptions } from "@pulumi/pulumi/resource.js";
import { PAYMENT_LINK_PROVIDER, PAYMENT_LINK_TYPE } from "../provider/protocol.ts";
import { savedLinks } from "./saved-links.ts";
import type { LinkSpecInput } from "../link/link-spec-types.ts";
import type { LinkStatus } from "../link/link.ts";

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
    // The link's Pulumi identity — its URN, parents included — put in its metadata so the
    // provider can find its own links after a lost answer, a crash or a lost state file
    // (link-marker.ts). Computed as the engine does; known at preview.
    const marker = createUrn(name, PAYMENT_LINK_TYPE, opts?.parent);
    const saved = savedLinks();
    // What pulumi.dynamic.Resource does, with the package's versioned provider text
    // (../provider/protocol.ts) instead of a closure-serialized one.
    super(
      PAYMENT_LINK_TYPE,
      name,
      {
        __provider: PAYMENT_LINK_PROVIDER,
        ...args,
        marker,
        // Which state owns the link, and which link the stack's saved state holds for it: the
        // provider is told nothing of the saved state otherwise (saved-links.ts, provider/ownership.ts).
        owner: saved.then((links) => links.owner),
        saved_links: marker.apply((urn) => saved.then((links) => links.slugsOf(urn))),
        // Said by a replacement's warning: the old link stays payable.
        retain_on_delete: opts?.retainOnDelete === true ? true : undefined,
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
