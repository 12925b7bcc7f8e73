// Names for links that have none yet (links brought under management by --generate-yaml): from
// the title, else the slug, else the id; valid resource names (LINK_NAME in program/link-name.ts:
// lowercase letters, digits and dashes, at most 63 characters) and unique in the stack. Pure.
import { LINK_NAME } from "../../program/link-name.ts";

const MAX = 63;

/** "Spring voucher — 10,000 DZD" → "spring-voucher-10-000-dzd"; "" when nothing usable is left. */
export function nameFromText(text: string): string {
  const words = text
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return trimTo(words, MAX);
}

/**
 * One name per link, in order: its title's, else its slug's, else `link-<id start>`; a name
 * already taken (in `taken`, or by an earlier link) gets `-2`, `-3`, ... within the length limit.
 */
export function uniqueLinkNames(links: readonly { title: string; slug: string; id: string }[], taken: Iterable<string>): string[] {
  const used = new Set(taken);
  return links.map((link) => {
    const base =
      [nameFromText(link.title), nameFromText(link.slug), nameFromText(`link-${link.id.slice(0, 8)}`)].find((name) => LINK_NAME.test(name)) ?? "link";
    let name = base;
    for (let n = 2; used.has(name); n++) name = `${trimTo(base, MAX - String(n).length - 1)}-${n}`;
    used.add(name);
    return name;
  });
}

/** At most `length` characters, cut at a dash when one is near, never ending with one. */
function trimTo(name: string, length: number): string {
  if (name.length <= length) return name;
  const cut = name.slice(0, length);
  const dash = cut.lastIndexOf("-");
  return (dash >= length - 12 ? cut.slice(0, dash) : cut).replace(/-+$/, "");
}
