// `mytpe-links`: MyTPE payment links as code, for a Pulumi program. Runs in the program.
//   import { declareLinks } from "mytpe-links";
//   export const linkUrls = declareLinks().urls;   // the stack's YAML files (mytpe:links, else links/)
// or, in TypeScript, one link at a time: `new PaymentLink("voucher", { ... })`.
export { PaymentLink, type PaymentLinkArgs } from "./program/payment-link.ts";
export { declareLinks, LinkDeclarationError, type DeclareLinksOptions, type DeclaredLinks } from "./program/declare-links.ts";
export type { DeclaredLink, Problem } from "./program/link-files.ts";
export { checkLink, type LinkProblem } from "./link/link-check.ts";
export type { LinkSpec, LinkSpecInput } from "./link/link-spec-types.ts";
export type { Link, LinkStatus, DesiredStatus, AmountMode, UsageMode } from "./link/link.ts";
export { PAYMENT_LINK_TYPE } from "./provider/protocol.ts";
