// Program side: a fast reader for the simple YAML that link files are written in. The `yaml`
// parser costs about 100 µs per link on a small machine, most of it in its generator-based CST
// parser; a stack of 10,000 links must check in under a second (issue #3). Link files are nearly
// always simple block YAML, so they are first read by the small reader below, which understands
// only that subset and gives up (undefined) on anything else: anchors, tags, multi-line or escaped
// strings, nested flow collections, duplicate keys... A file it cannot read, or whose links have
// any problem, goes through `yaml` with positions (parseLinkFile), so the fast path never decides
// a message. Its values equal `yaml`'s, as test/simple-yaml.test.ts checks on every fixture and on
// generated texts: plain scalars are resolved with `yaml`'s own core-schema tags.
//
// Written for a cold process (`npm run check` runs once and exits, mostly before V8 optimises
// anything): one pass over the text by offsets, with no array of lines, no per-line objects and
// no regular expression per line; a key's position is kept only where it is used, and each
// distinct plain scalar is resolved once per file.
import { isScalar, Schema, type ParseOptions, type ScalarTag } from "yaml";

const CORE_SCALAR_TAGS = new Schema({}).tags.filter(
  (tag): tag is ScalarTag & { test: RegExp } => tag.default === true && "test" in tag && tag.test instanceof RegExp,
);
const RESOLVE_OPTIONS: ParseOptions = { intAsBigInt: false };

/** Where the keys of the second-level maps are (e.g. each link under `links`), by first-level key. */
export type KeyPositions = Map<string, Map<string, { line: number; col: number }>>;

class NotSimple extends Error {}

const SPACE = 0x20;
const HASH = 0x23;
const DASH = 0x2d;
const COLON = 0x3a;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;

/** The current line of the text: its indent and its content between `start` and `end`, spaces trimmed. */
class Lines {
  /** Offset where the line after the current one begins. */
  private next = 0;
  private nextNumber = 1;
  /** 1-based number of the current line. */
  number = 0;
  /** Spaces before the content; -1 once past the last line. */
  indent = -1;
  start = 0;
  end = 0;
  /** Where the last key, scalar or collection read on the current line ends (just after it). */
  after = 0;
  /** Plain scalars already resolved in this text: keys and values repeat from link to link. */
  readonly resolved = new Map<string, unknown>();

  constructor(readonly text: string) {
    this.advance();
  }

  /** Moves to the next line that is neither blank nor a comment. */
  advance(): void {
    const text = this.text;
    while (this.next <= text.length) {
      let lineEnd = text.indexOf("\n", this.next);
      if (lineEnd < 0) lineEnd = text.length;
      const start = skipSpaces(text, this.next, lineEnd);
      let end = lineEnd;
      while (end > start && text.charCodeAt(end - 1) === SPACE) end--;
      const number = this.nextNumber++;
      const indent = start - this.next;
      this.next = lineEnd + 1;
      if (start === end || text.charCodeAt(start) === HASH) continue;
      // Directives and document markers: more than one document, or something else again.
      if (text.startsWith("---", start) || text.startsWith("...", start) || text.charCodeAt(start) === 0x25) throw new NotSimple();
      this.number = number;
      this.indent = indent;
      this.start = start;
      this.end = end;
      return;
    }
    this.indent = -1;
  }

  done(): boolean {
    return this.indent === -1;
  }

  /** True when the current line is a block sequence item (`- x` or a lone `-`). */
  isSeqItem(): boolean {
    return this.text.charCodeAt(this.start) === DASH && (this.end === this.start + 1 || this.text.charCodeAt(this.start + 1) === SPACE);
  }
}

/**
 * The value of a YAML text, the same as `yaml`'s `parse(text)`, when the text is a block map
 * written in the simple subset link files use; undefined when it is not (read it with `yaml` then).
 */
export function readSimpleYaml(text: string): { value: Record<string, unknown>; keys: KeyPositions } | undefined {
  // Tabs, carriage returns and a byte order mark change how lines and indents read: leave them to `yaml`.
  if (text.includes("\t") || text.startsWith("\uFEFF") || text.includes("\r")) return undefined;
  try {
    const lines = new Lines(text);
    if (lines.indent !== 0 || lines.isSeqItem()) return undefined;
    const keys: KeyPositions = new Map();
    const value = readMapping(lines, 0, undefined, keys);
    return lines.done() ? { value, keys } : undefined;
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}

function readBlock(lines: Lines, indent: number): unknown {
  if (lines.indent !== indent) throw new NotSimple();
  return lines.isSeqItem() ? readSequence(lines, indent) : readMapping(lines, indent, undefined, undefined);
}

type Positions = Map<string, { line: number; col: number }>;

/**
 * A block map at `indent`. `positions` receives the position of each of its keys; `childPositions`
 * (first level only) a `positions` map for each child that is a block map, by key.
 */
function readMapping(lines: Lines, indent: number, positions: Positions | undefined, childPositions: KeyPositions | undefined): Record<string, unknown> {
  const text = lines.text;
  const map: Record<string, unknown> = {};
  while (lines.indent === indent) {
    if (lines.isSeqItem()) throw new NotSimple();
    const end = lines.end;
    const key = readKey(lines, lines.start, end);
    if (key === "__proto__" || Object.hasOwn(map, key)) throw new NotSimple();
    if (positions) positions.set(key, { line: lines.number, col: indent + 1 });
    const rest = skipSpaces(text, lines.after, end);
    lines.advance();
    if (rest === end || text.charCodeAt(rest) === HASH) {
      if (lines.indent > indent && !lines.isSeqItem() && childPositions) {
        const own: Positions = new Map();
        childPositions.set(key, own);
        map[key] = readMapping(lines, lines.indent, own, undefined);
      } else if (lines.indent > indent) {
        map[key] = readBlock(lines, lines.indent);
      } else if (lines.indent === indent && lines.isSeqItem()) {
        map[key] = readSequence(lines, indent);
      } else {
        map[key] = null;
      }
    } else {
      map[key] = inlineValue(lines, rest, end);
      // A deeper line would continue a multi-line scalar.
      if (lines.indent > indent) throw new NotSimple();
    }
  }
  return map;
}

function readSequence(lines: Lines, indent: number): unknown[] {
  const text = lines.text;
  const items: unknown[] = [];
  while (lines.indent === indent && lines.isSeqItem()) {
    const end = lines.end;
    const rest = skipSpaces(text, lines.start + 1, end);
    if (rest === end || text.charCodeAt(rest) === HASH) throw new NotSimple();
    lines.advance();
    items.push(inlineValue(lines, rest, end));
    if (lines.indent > indent) throw new NotSimple();
  }
  return items;
}

/**
 * The key of a `key: value` line: a plain key of word characters that yaml reads as a string, or a
 * quoted key without escapes; then a colon followed by a space or the end of the line.
 */
function readKey(lines: Lines, start: number, end: number): string {
  const text = lines.text;
  const first = text.charCodeAt(start);
  let key: string;
  let colon: number;
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    const close = text.indexOf(first === DOUBLE_QUOTE ? '"' : "'", start + 1);
    if (close < 0 || close >= end) throw new NotSimple();
    key = text.slice(start + 1, close);
    if (first === DOUBLE_QUOTE && key.includes("\\")) throw new NotSimple();
    colon = close + 1;
  } else {
    if (!isWordChar(first)) throw new NotSimple();
    colon = start + 1;
    while (colon < end && isKeyChar(text.charCodeAt(colon))) colon++;
    key = text.slice(start, colon);
    // `true:` or `1:` are not string keys.
    if (resolvePlain(lines, key) !== key) throw new NotSimple();
  }
  if (colon >= end || text.charCodeAt(colon) !== COLON || (colon + 1 < end && text.charCodeAt(colon + 1) !== SPACE)) throw new NotSimple();
  // YAML allows an implicit key at most 1024 characters before its colon; yaml reports an error.
  if (colon - start > 1024) throw new NotSimple();
  lines.after = colon + 1;
  return key;
}

/** [A-Za-z0-9_.-] */
function isKeyChar(code: number): boolean {
  return isWordChar(code) || code === 0x2e || code === DASH;
}

/** [A-Za-z0-9_] */
function isWordChar(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f;
}

/** A value from `start` to `end` of its line: a quoted or plain scalar or a one-line flow collection of scalars. */
function inlineValue(lines: Lines, start: number, end: number): unknown {
  const text = lines.text;
  const first = text.charCodeAt(start);
  let value: unknown;
  if (first === 0x7b || first === 0x5b) {
    value = flowCollection(lines, start, end);
  } else if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) {
    value = quoted(lines, start, end);
  } else {
    let plain = text.slice(start, end);
    // Not `.search(/\s#/)`: tabs are declined above, and for YAML other spaces are content.
    const comment = plain.indexOf(" #");
    if (comment >= 0) plain = withoutTrailingSpaces(plain.slice(0, comment));
    if (!isSimplePlain(plain, false)) throw new NotSimple();
    return resolvePlain(lines, plain);
  }
  // After a quoted or flow value: nothing, or spaces and a comment.
  let after = lines.after;
  if (after < end) {
    if (text.charCodeAt(after) !== SPACE) throw new NotSimple();
    after = skipSpaces(text, after, end);
    if (text.charCodeAt(after) !== HASH) throw new NotSimple();
  }
  return value;
}

function withoutTrailingSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === SPACE) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A quoted scalar on one line: double-quoted without escapes, or single-quoted (`''` is a quote). */
function quoted(lines: Lines, start: number, end: number): string {
  const text = lines.text;
  const mark = text[start] as string;
  let value = "";
  let from = start + 1;
  for (;;) {
    const close = text.indexOf(mark, from);
    if (close < 0 || close >= end) throw new NotSimple();
    if (mark === "'" && close + 1 < end && text.charCodeAt(close + 1) === SINGLE_QUOTE) {
      value += text.slice(from, close + 1);
      from = close + 2;
      continue;
    }
    const last = text.slice(from, close);
    if (mark === '"' && last.includes("\\")) throw new NotSimple();
    lines.after = close + 1;
    return value + last;
  }
}

function flowCollection(lines: Lines, start: number, end: number): unknown {
  const text = lines.text;
  const isMap = text.charCodeAt(start) === 0x7b;
  const close = isMap ? 0x7d : 0x5d;
  const map: Record<string, unknown> = {};
  const list: unknown[] = [];
  let at = skipSpaces(text, start + 1, end);
  while (at < end && text.charCodeAt(at) !== close) {
    if (isMap) {
      const key = flowScalar(lines, at, end);
      at = lines.after;
      if (typeof key !== "string" || key === "__proto__" || Object.hasOwn(map, key)) throw new NotSimple();
      if (at + 1 >= end || text.charCodeAt(at) !== COLON || text.charCodeAt(at + 1) !== SPACE) throw new NotSimple();
      map[key] = flowScalar(lines, at + 2, end);
    } else {
      list.push(flowScalar(lines, at, end));
    }
    at = skipSpaces(text, lines.after, end);
    if (at < end && text.charCodeAt(at) === 0x2c) at = skipSpaces(text, at + 1, end);
    else if (at >= end || text.charCodeAt(at) !== close) throw new NotSimple();
  }
  if (at >= end) throw new NotSimple();
  lines.after = at + 1;
  return isMap ? map : list;
}

function flowScalar(lines: Lines, start: number, end: number): unknown {
  const text = lines.text;
  const at = skipSpaces(text, start, end);
  const first = text.charCodeAt(at);
  if (first === DOUBLE_QUOTE || first === SINGLE_QUOTE) return quoted(lines, at, end);
  let stop = at;
  while (stop < end && !isFlowIndicator(text.charCodeAt(stop))) stop++;
  if (stop >= end) throw new NotSimple();
  const plain = withoutTrailingSpaces(text.slice(at, stop));
  if (!isSimplePlain(plain, true)) throw new NotSimple();
  lines.after = stop;
  return resolvePlain(lines, plain);
}

/** , : { } [ ] */
function isFlowIndicator(code: number): boolean {
  return code === 0x2c || code === COLON || code === 0x7b || code === 0x7d || code === 0x5b || code === 0x5d;
}

function skipSpaces(text: string, at: number, end: number): number {
  while (at < end && text.charCodeAt(at) === SPACE) at++;
  return at;
}

/** A plain scalar this reader may take as is: no indicator that would make it something else. */
function isSimplePlain(text: string, inFlow: boolean): boolean {
  if (text === "" || /^[-?:](?: |$)/.test(text) || /^[[\]{},#&*!|>'"%@`]/.test(text)) return false;
  if (text.includes(": ") || text.endsWith(":") || text.includes(" #")) return false;
  return !inFlow || !/[,[\]{}#:]/.test(text);
}

function resolvePlain(lines: Lines, text: string): unknown {
  if (lines.resolved.has(text)) return lines.resolved.get(text);
  const value = resolveWithTags(text);
  lines.resolved.set(text, value);
  return value;
}

function resolveWithTags(text: string): unknown {
  const tag = CORE_SCALAR_TAGS.find((candidate) => candidate.test.test(text));
  if (!tag) return text;
  const value = tag.resolve(text, () => undefined, RESOLVE_OPTIONS);
  // The float tag answers with a Scalar node (it keeps the written number of decimals).
  return isScalar(value) ? value.value : value;
}
