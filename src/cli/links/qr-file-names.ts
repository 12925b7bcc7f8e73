// The stems of the files `links --qr DIR` writes per link (`<stem>.svg`, `<stem>.png`). A link's
// name is a resource name, and a TypeScript program may give any string (`../x`, `a/b`, `CON`,
// `.env`, `ſa` next to `sa`): joined into a path as is, it would write outside DIR or over another
// link's code (issue 21). Stems are distinct by construction, not by looking at the other names
// (issue 28): a name that is already a plain stem — lowercase ASCII letters, digits and dashes, the
// rule of a YAML link's name, and no Windows device name — is its own stem; any other name becomes
// a readable ASCII prefix, a dot and 16 hex digits of the SHA-256 of the name. Plain stems have no
// dot, so the two kinds never meet; every stem is lowercase ASCII, so no file system can fold two
// into one (case, Unicode case folding, normalisation); and a stem depends on its own name only, so
// it stays the same from one run to the next. Pure.
import { createHash } from "node:crypto";

/** A YAML link's name: lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters. */
const PLAIN = /^[a-z0-9][a-z0-9-]{0,62}$/;
/** Names Windows reserves whatever the extension (https://learn.microsoft.com/windows/win32/fileio/naming-a-file). */
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;
/** The readable part of a hashed stem, at most. */
const PREFIX_MAX = 40;

/** One stem per name, in order; each depends on its own name only. */
export function qrFileStems(names: readonly string[]): string[] {
  return names.map(qrFileStem);
}

/** A name as one path segment that means the same on every file system, and no other name's. */
export function qrFileStem(name: string): string {
  if (PLAIN.test(name) && !RESERVED.test(name)) return name;
  const prefix =
    name
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+/, "")
      .slice(0, PREFIX_MAX)
      .replace(/-+$/, "") || "link";
  const hash = createHash("sha256").update(name, "utf8").digest("hex").slice(0, 16);
  return `${RESERVED.test(prefix) ? `link-${prefix}` : prefix}.${hash}`;
}
