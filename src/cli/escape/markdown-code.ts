// Text we did not write (a declaration's title or metadata, an API value, an engine message) as
// it goes into a GitHub comment: always a code span. Inside a code span GitHub renders no
// Markdown (links, images, emphasis), no HTML, no autolinked URL, no @mention, no #reference and
// no :emoji: (its mention and autolink filters skip <code>), so the reviewer reads the value as
// it is (issue 21). What a code span still lets through is handled here: backticks (a longer
// fence), line breaks (they would end a table row), pipes in a table (GFM splits cells on them
// first, even inside code; `\|` is its escape) and invisible or direction-changing characters
// (shown as \u{…} so a title cannot read differently from what it is). Pure functions.

/**
 * Every character that shows nothing or changes how its neighbours show, by Unicode property rather
 * than by a list (issue 28): controls (Cc), format characters (Cf: the bidirectional controls of
 * CVE-2021-42574, zero-width characters, the tag characters U+E0001 and U+E0020–U+E007F that can
 * spell hidden text), default-ignorable code points (variation selectors, Hangul fillers, U+E0000
 * to U+E0FFF), line and paragraph separators, and lone surrogates (a value cut mid-pair).
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;

export interface CodeSpanOptions {
  /** In a GFM table cell: pipes are escaped. */
  table: boolean;
  /** Characters kept at most (before escaping); the rest becomes "…". */
  max?: number;
}

/** `text` as one code span that shows exactly `text` (line breaks as spaces, invisibles made visible). */
export function codeSpan(text: string, options: CodeSpanOptions): string {
  const max = options.max ?? 300;
  // Cut by code points: a pair cut in two would show as a lone surrogate.
  const chars = [...text];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
  let shown = showInvisible(cut.replace(/\r\n|[\r\n\t\u2028\u2029]/g, " "));
  if (options.table) shown = shown.replace(/\|/g, "\\|");
  const longest = Math.max(0, ...[...shown.matchAll(/`+/g)].map((run) => run[0].length));
  const fence = "`".repeat(longest + 1);
  // A span that starts or ends with a backtick, or is only spaces, needs a space inside the fence
  // (CommonMark strips exactly one on each side when both are there).
  const pad = shown.startsWith("`") || shown.endsWith("`") || (shown.startsWith(" ") && shown.endsWith(" ") && shown.trim() !== "") ? " " : "";
  return shown === "" ? "` `" : `${fence}${pad}${shown}${pad}${fence}`;
}

/** Invisible and direction-changing characters written as `\u{hex}`. */
export function showInvisible(text: string): string {
  return text.replace(INVISIBLE, (char) => `\\u{${char.codePointAt(0)!.toString(16)}}`);
}
