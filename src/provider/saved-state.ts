// Runs inside the Pulumi provider host: which link the stack's saved state holds for a resource,
// read with `pulumi stack export` (the backend's own record, whatever the backend). Asked only when
// a create finds a live link carrying its resource's mark and nothing in this run says whose it
// is: for `up --replace`, `--target-replace` and `state taint` the engine calls neither `diff` nor
// `check` with the old state, so the create of a targeted replacement looks exactly like a create
// after a run killed before it saved state. Exported once per stack per run. With checkpoints
// skipped (the project's default) the saved state is the one the run started from. The stack is
// the one the running command was given (pulumi-command.ts), never guessed from the URN alone.
import { execFile } from "node:child_process";
import { stackOfUrn } from "../link/urn.ts";
import { stackExport } from "./pulumi-command.ts";

const exports = new Map<string, Promise<ReadonlyMap<string, string> | undefined>>();

/**
 * The link the saved state holds for the resource `urn`: its id, null when it holds none (the
 * resource is new), undefined when the state could not be read (then the caller must not guess).
 */
export async function savedLinkOf(urn: string): Promise<string | null | undefined> {
  const stack = stackOfUrn(urn);
  if (stack === undefined) return undefined;
  const command = stackExport(stack);
  const key = [command.cli, ...command.args].join(" ");
  let held = exports.get(key);
  if (!held) exports.set(key, (held = exportedLinks(command)));
  const links = await held;
  return links === undefined ? undefined : (links.get(urn) ?? null);
}

/** How the provider asks the saved state (savedLinkOf; tests give their own). */
export type SavedState = typeof savedLinkOf;

/** Resource URN → id of the live resources of the stack's saved state. */
function exportedLinks(command: { cli: string; args: string[] }): Promise<ReadonlyMap<string, string> | undefined> {
  return new Promise((resolve) => {
    execFile(command.cli, [...command.args, "--non-interactive"], { cwd: process.cwd(), timeout: 120_000, maxBuffer: 512 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        resolve(heldLinks(JSON.parse(stdout)));
      } catch {
        resolve(undefined);
      }
    });
  });
}

/** The resources of an exported deployment that hold an id (not the old half of a replacement). */
export function heldLinks(exported: unknown): ReadonlyMap<string, string> {
  const resources = (exported as { deployment?: { resources?: unknown } } | null)?.deployment?.resources;
  const held = new Map<string, string>();
  if (!Array.isArray(resources)) return held;
  for (const resource of resources as { urn?: unknown; id?: unknown; delete?: unknown }[]) {
    if (typeof resource.urn === "string" && typeof resource.id === "string" && resource.id !== "" && resource.delete !== true) held.set(resource.urn, resource.id);
  }
  return held;
}
