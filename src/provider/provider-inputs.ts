// Runs inside the Pulumi provider host: what the engine hands the provider's methods — the
// declaration, the values the program adds (the stored provider text, the mark), values not known
// yet in a preview — and how messages name the link they are about. Pure functions.
import { isOwnerId } from "./owner-mark.ts";
import type { Self } from "./ownership.ts";

/** Properties as the engine hands them over: inputs, or state (outputs). */
export type Props = Record<string, unknown>;

/** The sentinel the engine uses for values not known during a preview. */
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The resource a note is about: the mark is its URN (pre-1.0 marks are not URNs). */
export function urnOfMark(marker: string | undefined): string | undefined {
  return marker?.startsWith("urn:pulumi:") ? marker : undefined;
}

/** An error the provider means as a refusal: said once, as it is (see v1.cts). */
export function refusal(message: string): Error {
  return new Error(message);
}

/** How messages name a link: its title and, once it exists, its slug. */
export function linkLabel(title: string, state: Props): string {
  const slug = state["slug"];
  return `payment link "${title}"${typeof slug === "string" ? ` (${slug})` : ""}`;
}

/** The declaration apart from what the engine, the program and the provider (state-version.ts) add. */
export function split(props: Props): { declared: Props; marker: string | undefined } {
  const {
    __provider: _provider,
    marker,
    owner: _owner,
    saved_links: _saved,
    retain_on_delete: _retain,
    state_version: _version,
    written_by: _writer,
    ...declared
  } = props;
  return { declared, marker: typeof marker === "string" ? marker : undefined };
}

/**
 * The resource a call is about (ownership.ts `Self`): its URN (the mark the program computed) and
 * its state's owner id — the one its state recorded (`olds`), else the one the program or the
 * plugin gives new resources; undefined while not known (a preview of a new state).
 */
export function selfOf(props: Props, olds: Props = {}): Self | undefined {
  const urn = urnOfMark(split(props).marker);
  if (urn === undefined) return undefined;
  const owner = [olds["owner"], props["owner"]].find((value): value is string => isOwnerId(value) && !isUnknown(value));
  return { urn, owner };
}

/** The slugs of the links the saved state holds for the resource (the program reads them); undefined when not given. */
export function savedSlugs(props: Props): ReadonlySet<string> | undefined {
  const saved = props["saved_links"];
  return Array.isArray(saved) && saved.every((slug) => typeof slug === "string") ? new Set(saved as string[]) : undefined;
}

/** The owner id whose links this run may take (`MYTPE_TAKE_FROM`, read at each call): an explicit act. */
export function takeFrom(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const value = env["MYTPE_TAKE_FROM"]?.trim();
  return value ? value : undefined;
}

export function isUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(isUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(isUnknown);
  return false;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
