// The stems of the files `links --qr DIR` writes per link (`<stem>.svg`, `<stem>.png`). A link's
// name is a resource name, and a TypeScript program may give any string (`../x`, `a/b`, `CON`,
// `.env`): joined into a path as is, it would write outside DIR or over another link's code
// (issue 21). A stem keeps the name's letters, digits, `-`, `_` and inner `.`, turns anything
// else into `-`, and is unique in DIR even on a case-insensitive file system (`-2`, `-3`, ...).
// A YAML link's name (lowercase letters, digits, dashes) is its own stem. Pure.

const MAX = 100;
/** Names Windows reserves whatever the extension (https://learn.microsoft.com/windows/win32/fileio/naming-a-file). */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;

/** One stem per name, in order. */
export function qrFileStems(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = safeStem(name);
    let stem = base;
    for (let n = 2; used.has(stem.toLowerCase()); n++) stem = `${base.slice(0, MAX - String(n).length - 1)}-${n}`;
    used.add(stem.toLowerCase());
    return stem;
  });
}

/** A name as one path segment that means the same on every file system; "link" when nothing is left. */
export function safeStem(name: string): string {
  const stem = name
    .normalize("NFC")
    .replace(/[^\p{L}\p{N}._-]+/gu, "-")
    .replace(/^[.-]+|[.-]+$/g, "")
    .slice(0, MAX)
    .replace(/[.-]+$/, "");
  if (stem === "") return "link";
  return RESERVED.test(stem.split(".")[0]!) ? `link-${stem}` : stem;
}
