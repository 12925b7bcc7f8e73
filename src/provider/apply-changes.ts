// Runs inside the Pulumi provider host: carries out an update decided by link-diff.ts — the PUT of
// the changed fields (the mark kept in metadata), then the lifecycle calls status-plan.ts decided
// (publish, pause, resume, archive), one after the other.
import { isApiError } from "./api-client.ts";
import type { LinkApi } from "./link-api.ts";
import { updateBody, type ChangeDecision } from "./link-diff.ts";
import { markOf, withMarker } from "./link-marker.ts";
import { markToWrite, type Self } from "./ownership.ts";
import type { LinkSpec } from "../link/link-spec.ts";
import type { Link, LinkBody, LinkStatus } from "../link/link.ts";
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

/**
 * PUT of the changed fields, then the status calls. The link's mark is kept, and written where it
 * is missing or names the resource otherwise (adopted, renamed, made before marks were URNs, or
 * flagged for a replacement that is no longer owed): a PUT of the metadata alone when nothing else
 * changes.
 */
export async function applyUpdate(
  api: LinkApi,
  live: Link,
  spec: LinkSpec,
  decision: ChangeDecision & { action: "update" | "none" },
  self: Self | undefined,
  /** The resource takes the link now (adoption, a link a killed run left): its mark is written in full. */
  taking = false,
): Promise<Link> {
  let link = live;
  const fields = decision.action === "update" ? [...decision.fields] : [];
  const mark = self === undefined ? undefined : markToWrite(live, self, taking || fields.length > 0);
  if (mark !== undefined && !fields.includes("metadata")) fields.push("metadata");
  if (fields.length > 0) {
    const body: LinkBody = updateBody(spec, fields);
    // The metadata sent whole: as declared, with the mark (the one to write, or the live one).
    if (fields.includes("metadata")) body.metadata = withMarker(spec.metadata, mark ?? markOf(live));
    link = await api.update(live.id, body, spec.title);
  }
  return decision.action === "update" ? applyStatus(api, link, decision.status.actions) : link;
}
