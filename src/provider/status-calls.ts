// Runs inside the Pulumi provider host: carries out the lifecycle calls status-plan.ts decided
// (publish, pause, resume, archive), one after the other.
import { isApiError } from "./api-client.ts";
import type { LinkApi } from "./link-api.ts";
import type { Link, LinkStatus } from "../link/link.ts";
import type { StatusAction } from "./status-plan.ts";

/** The status each action leads to: a repeated action that answers 409 is done if the link is there. */
const ACTION_RESULT: Record<StatusAction, LinkStatus> = {
  publish: "active",
  pause: "paused",
  resume: "active",
  archive: "archived",
};

/** Makes the calls in order and returns the link as the last answer left it. */
export async function applyStatus(api: LinkApi, start: Link, actions: readonly StatusAction[]): Promise<Link> {
  let link = start;
  for (const action of actions) {
    try {
      link = await api.action(link, action);
    } catch (error) {
      // A repeat of an action whose first answer was lost is refused (409, or 422 on the real
      // API): done, if the link is where the action leads.
      if (!isApiError(error) || (error.status !== 409 && error.status !== 422)) throw error;
      const live = await api.get(link.id, link.title);
      if (live?.status !== ACTION_RESULT[action]) throw error;
      link = live;
    }
  }
  return link;
}
