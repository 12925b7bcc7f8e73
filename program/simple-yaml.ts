// Program side: a fast reader for the simple YAML that link files are written in. The `yaml`
// parser costs about 100 µs per link on a small machine, most of it in its
// generator-based CST parser; a stack of 10,000 links must check in under a second (issue #3).
// Link files are nearly always simple block YAML, so they are first read by the small reader
// below, which understands only that subset and gives up (undefined) on anything else: anchors,
// tags, multi-line or escaped strings, nested flow collections, duplicate keys... A file it cannot
// read, or whose links have any problem, goes through `yaml` with positions (parseLinkFile), so
// the fast path never decides a message. Its values equal `yaml`'s, as test/link-files.test.ts
// checks on every fixture: plain scalars are resolved with `yaml`'s own core-schema tags.
import { isScalar, Schema, type ParseOptions, type ScalarTag } from "yaml";

const CORE_SCALAR_TAGS = new Schema({}).tags.filter(
  (tag): tag is ScalarTag & { test: RegExp } => tag.default === true && "test" in tag && tag.test instanceof RegExp,
);
const RESOLVE_OPTIONS: ParseOptions = { intAsBigInt: false };

/** Where the keys of the second-level maps are (e.g. each link under `links`), by first-level key. */
export type KeyPositions = Map<string, Map<string, { line: number; col: number }>>;

class NotSimple extends Error {}

interface Reader {
  lines: { indent: number; text: string; line: number }[];
  next: number;
  keys: KeyPositions;
}

/**
 * The value of a YAML text, the same as `yaml`'s `parse(text)`, when the text is a block map
 * written in the simple subset link files use; undefined when it is not (read it with `yaml` then).
 */
export function readSimpleYaml(text: string): { value: Record<string, unknown>; keys: KeyPositions } | undefined {
  if (text.includes("\t") || text.startsWith("\uFEFF") || text.includes("\r")) return undefined;
  const reader: Reader = { lines: [], next: 0, keys: new Map() };
  const raw = text.split("\n");
  for (let index = 0; index < raw.length; index++) {
    const line = raw[index] as string;
    const trimmed = line.trimStart();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    if (trimmed.startsWith("---") || trimmed.startsWith("...") || trimmed.startsWith("%")) return undefined;
    reader.lines.push({ indent: line.length - trimmed.length, text: trimmed.trimEnd(), line: index + 1 });
  }
  try {
    const first = reader.lines[0];
    if (!first || first.indent !== 0 || isSeqItem(first.text)) return undefined;
    const value = readMapping(reader, 0, undefined);
    return reader.next === reader.lines.length ? { value, keys: reader.keys } : undefined;
  } catch (error) {
    if (error instanceof NotSimple) return undefined;
    throw error;
  }
}

function readBlock(reader: Reader, indent: number, parentKey: string | undefined): unknown {
  const first = reader.lines[reader.next];
  if (!first || first.indent !== indent) throw new NotSimple();
  return isSeqItem(first.text) ? readSequence(reader, indent) : readMapping(reader, indent, parentKey);
}

/** A block map at `indent`; `topKey` is set for a second-level map, whose key positions are kept. */
function readMapping(reader: Reader, indent: number, topKey: string | undefined): Record<string, unknown> {
  const map: Record<string, unknown> = {};
  const positions = new Map<string, { line: number; col: number }>();
  if (topKey !== undefined) reader.keys.set(topKey, positions);
  for (let line = reader.lines[reader.next]; line && line.indent === indent; line = reader.lines[reader.next]) {
    if (isSeqItem(line.text)) throw new NotSimple();
    const match = SIMPLE_KEY.exec(line.text);
    if (!match) throw new NotSimple();
    const key = match[1] ?? match[2] ?? match[3] ?? "";
    if (match[1] !== undefined && resolvePlain(key) !== key) throw new NotSimple();
    if (key === "__proto__" || positions.has(key)) throw new NotSimple();
    positions.set(key, { line: line.line, col: indent + 1 });
    const rest = line.text.slice(match[0].length).trimStart();
    reader.next++;
    const following = reader.lines[reader.next];
    if (rest === "" || rest.startsWith("#")) {
      // Only the first level's children record their keys' positions.
      const childKey = indent === 0 ? key : undefined;
      if (following && following.indent > indent) map[key] = readBlock(reader, following.indent, childKey);
      else if (following && following.indent === indent && isSeqItem(following.text)) map[key] = readSequence(reader, indent);
      else map[key] = null;
    } else {
      map[key] = inlineValue(rest);
      // A deeper line would continue a multi-line scalar.
      if (following && following.indent > indent) throw new NotSimple();
    }
  }
  return map;
}

function readSequence(reader: Reader, indent: number): unknown[] {
  const items: unknown[] = [];
  for (let line = reader.lines[reader.next]; line && line.indent === indent && isSeqItem(line.text); line = reader.lines[reader.next]) {
    const rest = line.text.slice(1).trimStart();
    if (rest === "" || rest.startsWith("#")) throw new NotSimple();
    reader.next++;
    items.push(inlineValue(rest));
    const following = reader.lines[reader.next];
    if (following && following.indent > indent) throw new NotSimple();
  }
  return items;
}

/** `key:` followed by a space or the end: a plain key of word characters, or a quoted key. */
const SIMPLE_KEY = /^(?:([A-Za-z0-9_][A-Za-z0-9_.-]*)|"([^"\\]*)"|'([^']*)'):(?= |$)/;

function isSeqItem(text: string): boolean {
  return text === "-" || text.startsWith("- ");
}

/** A value on the rest of a line: a quoted or plain scalar or a one-line flow collection of scalars. */
function inlineValue(text: string): unknown {
  const cursor = { text, at: 0 };
  let value: unknown;
  if (text.startsWith("{") || text.startsWith("[")) value = flowCollection(cursor);
  else if (text.startsWith('"') || text.startsWith("'")) value = quoted(cursor);
  else {
    const comment = text.search(/\s#/);
    const plain = (comment >= 0 ? text.slice(0, comment) : text).trimEnd();
    if (!isSimplePlain(plain, false)) throw new NotSimple();
    return resolvePlain(plain);
  }
  const rest = text.slice(cursor.at);
  if (rest !== "" && !/^\s+(#.*)?$/.test(rest)) throw new NotSimple();
  return value;
}

function quoted(cursor: Cursor): string {
  const quote = cursor.text[cursor.at];
  let value = "";
  for (let i = cursor.at + 1; i < cursor.text.length; i++) {
    const char = cursor.text[i];
    if (quote === '"' && char === "\\") throw new NotSimple();
    if (char === quote) {
      if (quote === "'" && cursor.text[i + 1] === "'") {
        value += "'";
        i++;
        continue;
      }
      cursor.at = i + 1;
      return value;
    }
    value += char;
  }
  throw new NotSimple();
}

interface Cursor {
  text: string;
  at: number;
}

function flowCollection(cursor: Cursor): unknown {
  const isMap = cursor.text[cursor.at] === "{";
  const close = isMap ? "}" : "]";
  const map: Record<string, unknown> = {};
  const list: unknown[] = [];
  cursor.at++;
  for (;;) {
    skipSpaces(cursor);
    if (cursor.text[cursor.at] === close) break;
    if (isMap) {
      const key = flowScalar(cursor);
      if (typeof key !== "string" || key === "__proto__" || key in map || !cursor.text.startsWith(": ", cursor.at)) throw new NotSimple();
      cursor.at += 2;
      map[key] = flowScalar(cursor);
    } else {
      list.push(flowScalar(cursor));
    }
    skipSpaces(cursor);
    if (cursor.text[cursor.at] === ",") cursor.at++;
    else if (cursor.text[cursor.at] !== close) throw new NotSimple();
  }
  cursor.at++;
  return isMap ? map : list;
}

function flowScalar(cursor: Cursor): unknown {
  skipSpaces(cursor);
  const char = cursor.text[cursor.at];
  if (char === '"' || char === "'") return quoted(cursor);
  FLOW_END.lastIndex = cursor.at;
  const end = FLOW_END.exec(cursor.text);
  if (!end) throw new NotSimple();
  const plain = cursor.text.slice(cursor.at, end.index).trimEnd();
  if (!isSimplePlain(plain, true)) throw new NotSimple();
  cursor.at = end.index;
  return resolvePlain(plain);
}

const FLOW_END = /[,:{}[\]]/g;

function skipSpaces(cursor: Cursor): void {
  while (cursor.text[cursor.at] === " ") cursor.at++;
}

/** A plain scalar this reader may take as is: no indicator that would make it something else. */
function isSimplePlain(text: string, inFlow: boolean): boolean {
  if (text === "" || /^[-?:](?: |$)/.test(text) || /^[[\]{},#&*!|>'"%@`]/.test(text)) return false;
  if (text.includes(": ") || text.endsWith(":") || text.includes(" #")) return false;
  return !inFlow || !/[,[\]{}#:]/.test(text);
}

function resolvePlain(text: string): unknown {
  const tag = CORE_SCALAR_TAGS.find((candidate) => candidate.test.test(text));
  if (!tag) return text;
  const value = tag.resolve(text, () => undefined, RESOLVE_OPTIONS);
  // The float tag answers with a Scalar node (it keeps the written number of decimals).
  return isScalar(value) ? value.value : value;
}
