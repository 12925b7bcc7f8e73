// Status transitions of a payment link (contract §3 and §5) as pure functions of the link, the
// clock and the instance. Refusals are 409 INVALID_STATE naming the current status.

import { invalidState } from "./api-error.ts";
import { isTerminal, type Link, type LinkStatus } from "./link.ts";
import { centsOf } from "./money.ts";
import type { PaymentInstance } from "./seed.ts";

/** The status-changing actions, each a `POST /links/{id}/{action}` route. */
export const LINK_ACTIONS = ["publish", "pause", "resume", "archive"] as const;
export type LinkAction = (typeof LINK_ACTIONS)[number];

const ALLOWED_FROM: Record<LinkAction, { from: readonly LinkStatus[]; to: LinkStatus; rule: string }> = {
  publish: { from: ["draft"], to: "active", rule: "only draft links can be published" },
  pause: { from: ["active"], to: "paused", rule: "only active links can be paused" },
  resume: { from: ["paused"], to: "active", rule: "only paused links can be resumed" },
  archive: {
    from: ["draft", "active", "paused"],
    to: "archived",
    rule: "only draft, active or paused links can be archived",
  },
};

/** The moment after which the link can no longer be paid, or null when it never expires. */
export function expiryMoment(link: Pick<Link, "usage_mode" | "ends_at" | "expires_at">): string | null {
  const candidates = [link.usage_mode === "time_window" ? link.ends_at : null, link.expires_at].filter((t): t is string => t !== null);
  // ISO 8601 instants in UTC sort as text: the earliest first.
  return candidates.sort()[0] ?? null;
}

/** True once the usage limit of `limited`, `one_shot` or `capped_amount` is used up. */
export function limitReached(link: Link): boolean {
  switch (link.usage_mode) {
    case "one_shot":
      return link.paid_count >= 1;
    case "limited":
      return link.max_uses !== null && link.paid_count >= link.max_uses;
    case "capped_amount":
      return link.target_amount !== null && centsOf(link.total_collected) >= Math.round(link.target_amount * 100);
    default:
      return false;
  }
}

/**
 * The status a link has when read at `now`: an active or paused link whose limit is used up is
 * exhausted, and one past `ends_at` (time_window) or `expires_at` is expired. Drafts and terminal
 * links are left alone.
 */
export function settledStatus(link: Link, now: string): LinkStatus {
  if (link.status !== "active" && link.status !== "paused") return link.status;
  if (limitReached(link)) return "exhausted";
  const expiry = expiryMoment(link);
  if (expiry !== null && now >= expiry) return "expired";
  return link.status;
}

/** The status after `action`, or throws the 409 that refuses it. */
export function transition(link: Link, action: LinkAction, instance: PaymentInstance | undefined, now: string): LinkStatus {
  const { from, to, rule } = ALLOWED_FROM[action];
  if (!from.includes(link.status)) {
    const terminal = isTerminal(link.status) ? " (a terminal status)" : "";
    throw invalidState(`Cannot ${action} payment link ${link.id}: its status is ${link.status}${terminal}; ${rule}.`);
  }
  if (action === "publish") {
    if (instance === undefined || instance.acceptance_status !== "ready" || instance.status !== "active") {
      const state = instance === undefined ? "no longer exists" : `is ${instance.acceptance_status} / ${instance.status}`;
      throw invalidState(`Cannot publish payment link ${link.id}: its payment instance ${link.payment_instance_id} ${state}; it must be ready and active.`);
    }
    const expiry = expiryMoment(link);
    if (expiry !== null && now >= expiry) {
      throw invalidState(`Cannot publish payment link ${link.id}: it stopped being payable at ${expiry}; move ends_at/expires_at into the future first.`);
    }
  }
  return to;
}

/** PUT is refused on exhausted, expired and archived links. */
export function assertEditable(link: Link): void {
  if (isTerminal(link.status)) {
    throw invalidState(`Cannot update payment link ${link.id}: its status is ${link.status} (a terminal status); create a new link instead.`);
  }
}
