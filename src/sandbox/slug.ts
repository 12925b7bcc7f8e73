// Server-generated slugs like `spring-voucher-x9f2`: a readable prefix from the title plus four
// random characters, unique among all of the sandbox's links (archived ones included, since
// their public URLs were handed out already).

import { randomInt } from "node:crypto";

const PREFIX_MAX = 24;
const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** The readable part: ASCII letters and digits of the title, dash-separated, at most 24 chars. */
export function slugPrefix(title: string): string {
  const ascii = title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const cut = ascii.slice(0, PREFIX_MAX).replace(/-+$/, "");
  return cut === "" ? "link" : cut;
}

export function randomSuffix(random: (max: number) => number = randomInt): string {
  let out = "";
  for (let i = 0; i < 4; i += 1) out += SUFFIX_ALPHABET[random(SUFFIX_ALPHABET.length)];
  return out;
}

/** A slug for `title` that `taken` does not contain. */
export function generateSlug(title: string, taken: (slug: string) => boolean): string {
  const prefix = slugPrefix(title);
  for (;;) {
    const slug = `${prefix}-${randomSuffix()}`;
    if (!taken(slug)) return slug;
  }
}
