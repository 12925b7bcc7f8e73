// The marks and links the ownership tests share: a resource of stack prod (project shop), this
// state's owner id and another state's, and a link carrying a mark.
import type { Link, LinkStatus } from "../../src/link/link.ts";
import { MARKER_KEY } from "../../src/provider/link-marker.ts";

export const URN = "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher";
export const OTHER = "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/mytpe:PaymentLink::gift";
export const ME = "aaaaaaaa-0000-4000-8000-000000000001";
export const THEM = "bbbbbbbb-0000-4000-8000-000000000002";
export const SELF = { urn: URN, owner: ME };
export const mine = (generation = 1, flag = "") => `${URN}#${generation}${flag}@${ME}`;
export const theirs = (generation = 1) => `${URN}#${generation}@${THEM}`;

export function link(id: string, mark: string | undefined, status: LinkStatus = "active"): Link {
  return { id, slug: `${id}-slug`, status, metadata: mark === undefined ? null : { [MARKER_KEY]: mark } } as unknown as Link;
}
