// Runs inside the Pulumi provider host: which protocol version wrote a link's state, and what this
// package does with it (protocol.ts STATE_VERSION). Newer state is refused by every method that
// receives it (check, diff, read, update, delete): all run this v1 code whatever newer package
// wrote the state, since the stored provider text stays the v1 text. Pure functions, but for the
// package's own version, read once from its package.json.
import { createRequire } from "node:module";
import { LEGACY_PROVIDER_V0, STATE_VERSION } from "./protocol.ts";

type Props = Record<string, unknown>;

/** The fields that record it, in inputs and outputs alike. */
export interface StateVersionFields {
  /** protocol.ts STATE_VERSION of the package that wrote the state. */
  state_version: number;
  /** That package's version, e.g. "1.4.0": what a refusal tells an older package to install. */
  written_by: string;
}

/** The version state was written with: its field, else 0 for the path-walking text, else 1. */
export function stateVersionOf(props: Props): number {
  const stored = props["state_version"];
  if (typeof stored === "number" && Number.isInteger(stored) && stored >= 0) return stored;
  return props["__provider"] === LEGACY_PROVIDER_V0 ? 0 : 1;
}

export type StateAge = "current" | "older" | "newer";

/** How state written with `version` compares with what this package writes (`current`). */
export function stateAge(version: number, current: number = STATE_VERSION): StateAge {
  return version < current ? "older" : version > current ? "newer" : "current";
}

/** This package's version (its package.json, two folders up in src/ and dist/ alike). */
export function packageVersion(): string {
  const { version } = createRequire(import.meta.url)("../../package.json") as { version?: string };
  return version ?? "unknown";
}

/** What state records of the package writing it now. */
export function currentStateVersion(): StateVersionFields {
  return { state_version: STATE_VERSION, written_by: packageVersion() };
}

/**
 * What `read` (a refresh) records as the version of state it rebuilds from the live link: the
 * stored one when that state is older, since a refresh records the live link, not the upgrade.
 * The next `up` upgrades it and says so (link-identity.ts `identityChanges`); stamping the current
 * version here would upgrade 1.0 state silently, with no note. Current state is stamped as usual.
 */
export function versionKeptByRead<T extends Props>(rebuilt: T, stored: Props): T {
  if (stateAge(stateVersionOf(stored)) !== "older") return rebuilt;
  const { state_version: _version, written_by: _writer, ...rest } = rebuilt;
  const kept = Object.fromEntries(["state_version", "written_by"].flatMap((key) => (stored[key] === undefined ? [] : [[key, stored[key]]])));
  return { ...rest, ...kept } as T;
}

/** Throws the refusal for state newer than this package reads; returns otherwise. */
export function refuseNewerState(props: Props, label: string): void {
  const version = stateVersionOf(props);
  if (stateAge(version) !== "newer") return;
  const writer = typeof props["written_by"] === "string" ? props["written_by"] : undefined;
  const install = writer ? `mytpe-links ${writer} or later (npm install mytpe-links@^${writer})` : `the mytpe-links version that wrote it, or a later one`;
  throw new Error(
    `${label}: its state was written by ${writer ? `mytpe-links ${writer}` : "a newer mytpe-links"} (state version ${version}), newer ` +
      `than this mytpe-links ${packageVersion()}, which reads state up to version ${STATE_VERSION} and would drop what it does not know. ` +
      `Nothing was changed: install ${install} and run again.`,
  );
}
