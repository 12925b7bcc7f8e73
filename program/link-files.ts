// Program side: reads link declarations from YAML files and checks them with the provider's own
// `checkLink`, so every problem in every file is reported at once, compiler style
// (`file:line:col: field: message`), before anything reaches the API.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  Schema,
  type Document,
  type Node,
  type Pair,
  type ParseOptions,
  type ScalarTag,
} from "yaml";
import { z } from "zod";
import { checkLink, closestWord, LinkFields, shown, type LinkProblem, type LinkSpec } from "../provider/link-spec.ts";

/** A link declared in a file, validated and normalised. */
export interface DeclaredLink {
  /** Unique in the stack: the resource name. */
  name: string;
  file: string;
  line: number;
  spec: LinkSpec;
}

/** One thing wrong with a declaration, located in its file. */
export interface Problem {
  file: string;
  line: number;
  col: number;
  /** Field path, e.g. `links.voucher-10k.amount`, or `defaults.currency` when the value came from defaults. */
  path: string;
  message: string;
}

/** Where a link's name is declared, valid or not: for duplicate names across files. */
export interface DeclaredName {
  name: string;
  file: string;
  line: number;
  col: number;
}

export const LINK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The format of a links file, for editors (schema/links.schema.json is generated from it). Every
 * field is optional in both parts, since a link may take any field from `defaults`; the rules
 * between fields need the merged link, so `npm run check` is what enforces them.
 */
const LinkBody = LinkFields.partial().meta({ id: "payment-link", description: "Fields of a payment link, with the API's wire names." });

export const LinkFile = z
  .strictObject({
    defaults: LinkBody.optional().meta({ description: "Fields merged into every link of this file; a link's own value wins." }),
    links: z.record(z.string().regex(LINK_NAME), LinkBody).meta({
      description: "Payment links by name: unique in the stack, lowercase letters, digits and dashes, at most 63 characters.",
    }),
  })
  .meta({ title: "MyTPE payment links", description: "Payment links declared as code; checked with `npm run check`." });

const TOP_LEVEL_KEYS = ["defaults", "links"] as const;

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.col}: ${problem.path}: ${problem.message}`;
}

/** "3 problems in 2 files": how many problems, in how many of the files. */
export function problemSummary(problems: readonly Problem[]): string {
  const files = new Set(problems.map((problem) => problem.file)).size;
  return `${plural(problems.length, "problem")} in ${plural(files, "file")}`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Reads and checks every file (paths relative to `root`, and reported that way); a name declared
 * twice across the files is a problem too.
 */
export function loadLinkFiles(files: readonly string[], root = "."): { links: DeclaredLink[]; problems: Problem[] } {
  const links: DeclaredLink[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, DeclaredName>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(resolve(root, file), "utf8");
    } catch (error) {
      problems.push({ file, line: 1, col: 1, path: "(file)", message: `cannot read the file: ${(error as Error).message}` });
      continue;
    }
    const result = parseLinkFile(file, text);
    const duplicates = new Set<string>();
    const fileProblems = result.problems;
    for (const declared of result.names) {
      const first = seen.get(declared.name);
      if (first) {
        duplicates.add(declared.name);
        fileProblems.push({ ...duplicateName(declared, first), path: `links.${declared.name}` });
      } else {
        seen.set(declared.name, declared);
      }
    }
    problems.push(...(duplicates.size > 0 ? fileProblems.sort(byPosition) : fileProblems));
    links.push(...result.links.filter((link) => !duplicates.has(link.name)));
  }
  return { links, problems };
}

/**
 * Parses and checks one file's text. Pure: the file name is only used in the problems. Problems
 * come sorted by position; `names` lists every link name declared (once), valid link or not.
 */
export function parseLinkFile(file: string, text: string): { links: DeclaredLink[]; problems: Problem[]; names: DeclaredName[] } {
  return readValidLinkFile(file, text) ?? parseLinkFileFully(file, text);
}

/** The links of a file that is simple YAML and all valid, the common case, read fast; else undefined. */
function readValidLinkFile(file: string, text: string): { links: DeclaredLink[]; problems: Problem[]; names: DeclaredName[] } | undefined {
  const read = readSimpleYaml(text);
  if (!read) return undefined;
  const { defaults = null, links: declared, ...unknown } = read.value;
  const positions = read.keys.get("links");
  if (Object.keys(unknown).length > 0 || !(defaults === null || isRecord(defaults)) || !isRecord(declared) || !positions) return undefined;
  const links: DeclaredLink[] = [];
  const names: DeclaredName[] = [];
  for (const [name, body] of Object.entries(declared)) {
    const at = positions.get(name);
    if (!at || !LINK_NAME.test(name) || !isRecord(body)) return undefined;
    const result = checkLink({ ...defaults, ...body });
    if (!result.ok) return undefined;
    links.push({ name, file, line: at.line, spec: result.spec });
    names.push({ name, file, ...at });
  }
  return { links, problems: [], names };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** parseLinkFile with `yaml`, every node located: for files with problems or beyond the simple subset. */
function parseLinkFileFully(file: string, text: string): { links: DeclaredLink[]; problems: Problem[]; names: DeclaredName[] } {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below, with their field path, rather than as bare YAML errors.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  const problems: Problem[] = [];
  const links: DeclaredLink[] = [];
  const names: DeclaredName[] = [];
  const done = () => ({ links, problems: problems.sort(byPosition), names });

  if (doc.errors.length > 0) {
    // The structure around a syntax error is a guess: report the errors alone for this file.
    for (const error of doc.errors) {
      problems.push({ file, ...at(error.pos[0]), path: "(yaml)", message: `YAML syntax: ${firstLine(error.message)}` });
    }
    return done();
  }

  const root = doc.contents;
  if (!isMap(root)) {
    problems.push({
      file,
      ...at(nodeStart(root)),
      path: "(file)",
      message: `expected a map with \`links:\` (and optional \`defaults:\`), got ${root ? shown(root.toJS(doc)) : "an empty file"}`,
    });
    return done();
  }
  reportDuplicateKeys(root, [], (pair, first, path) => {
    const declared = { name: keyText(pair), file, ...at(nodeStart(pair.key)) };
    problems.push(
      path.length === 1 && path[0] === "links"
        ? { ...duplicateName(declared, { ...declared, ...at(nodeStart(first.key)) }), path: `links.${declared.name}` }
        : {
            file,
            line: declared.line,
            col: declared.col,
            path: [...path, declared.name].join("."),
            message: `duplicate key: already set at line ${at(nodeStart(first.key)).line}`,
          },
    );
  });
  for (const pair of root.items) {
    const key = keyText(pair);
    if (!(TOP_LEVEL_KEYS as readonly string[]).includes(key)) {
      const hint = closestWord(key, TOP_LEVEL_KEYS);
      problems.push({
        file,
        ...at(nodeStart(pair.key)),
        path: key || "(key)",
        message: `unknown top-level key: ${hint ? `did you mean ${hint}?` : "expected `links` or `defaults`"}`,
      });
    }
  }

  const defaultsNode = lastValue(root, "defaults");
  let defaults: Record<string, unknown> = {};
  if (isMap(defaultsNode)) defaults = defaultsNode.toJS(doc) as Record<string, unknown>;
  else if (defaultsNode !== undefined && defaultsNode !== null) {
    problems.push({ file, ...at(nodeStart(defaultsNode)), path: "defaults", message: `expected a map of link fields, got ${shown(toJS(defaultsNode, doc))}` });
  }
  const linksPair = root.items.findLast((pair) => keyText(pair) === "links");
  const linksNode = linksPair?.value;
  if (!isMap(linksNode)) {
    problems.push({
      file,
      ...at(nodeStart(linksNode ?? linksPair?.key ?? root)),
      path: "links",
      message: `expected a map of link name to link fields, got ${linksPair ? shown(toJS(linksNode, doc)) : "no \`links:\` key"}`,
    });
    return done();
  }

  // A problem that comes from `defaults` is reported once, naming the links it affects.
  const fromDefaults = new Map<string, { problem: Problem; links: string[] }>();
  const seen = new Set<string>();
  for (const pair of linksNode.items) {
    const name = keyText(pair);
    const keyAt = at(nodeStart(pair.key));
    if (!LINK_NAME.test(name)) {
      problems.push({
        file,
        ...keyAt,
        path: `links.${name}`,
        message: "invalid link name: expected lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters",
      });
      continue;
    }
    // A second declaration in the same file is reported by reportDuplicateKeys and not checked.
    if (seen.has(name)) continue;
    seen.add(name);
    names.push({ name, file, ...keyAt });

    // `second: *first` declares a copy of another link: check what the alias points at.
    const body = (isAlias(pair.value) ? pair.value.resolve(doc) : pair.value) as Node | null | undefined;
    if (!isMap(body)) {
      problems.push({ file, ...at(nodeStart(pair.value ?? pair.key)), path: `links.${name}`, message: `expected a map of link fields, got ${shown(toJS(body, doc))}` });
      continue;
    }
    const result = checkLink({ ...defaults, ...(body.toJS(doc) as Record<string, unknown>) });
    if (result.ok) {
      links.push({ name, file, line: keyAt.line, spec: result.spec });
      continue;
    }
    for (const issue of result.problems) {
      const found = locate(issue, body, isMap(defaultsNode) ? defaultsNode : undefined);
      const problem = {
        file,
        ...at(found ? nodeStart(found.node) : nodeStart(pair.key)),
        path: [found?.inDefaults ? "defaults" : `links.${name}`, ...issue.path].join("."),
        message: issue.message,
      };
      if (!found?.inDefaults) {
        problems.push(problem);
        continue;
      }
      const key = `${problem.path}\u0000${problem.message}`;
      const shared = fromDefaults.get(key);
      if (shared) shared.links.push(name);
      else fromDefaults.set(key, { problem, links: [name] });
    }
  }
  for (const { problem, links: affected } of fromDefaults.values()) {
    const listed = affected.slice(0, 3).join(", ") + (affected.length > 3 ? ` and ${affected.length - 3} more` : "");
    problems.push({ ...problem, message: `${problem.message} (in link${affected.length === 1 ? "" : "s"} ${listed})` });
  }
  return done();
}

function byPosition(a: Problem, b: Problem): number {
  return a.line - b.line || a.col - b.col;
}

function duplicateName(declared: DeclaredName, first: DeclaredName): Omit<Problem, "path"> {
  return {
    file: declared.file,
    line: declared.line,
    col: declared.col,
    message: `duplicate link name: already declared at ${first.file}:${first.line}:${first.col}`,
  };
}

/**
 * The node a problem is about: in the link's own map, else in `defaults` (the link's value wins
 * when both have it). The key for an unknown field, the value otherwise; undefined when the field
 * is missing, and the problem then points at the link's name.
 */
function locate(problem: LinkProblem, body: Node, defaults: Node | undefined): { node: Node; inDefaults: boolean } | undefined {
  if (problem.path.length === 0) return undefined;
  for (const [start, inDefaults] of [[body, false], [defaults, true]] as const) {
    let node: Node | undefined = start;
    let pair: Pair | undefined;
    for (const segment of problem.path) {
      pair = undefined;
      if (isMap(node)) {
        pair = node.items.findLast((item) => keyText(item) === String(segment));
        node = (pair?.value ?? undefined) as Node | undefined;
        // `amount:` with no value: the key is the best place to point at.
        if (pair && !node) node = pair.key as Node;
      } else if (isSeq(node)) {
        node = node.items[Number(segment)] as Node | undefined;
      } else {
        node = undefined;
      }
      if (!node) break;
    }
    if (node) return { node: problem.onKey && pair ? (pair.key as Node) : node, inDefaults };
  }
  return undefined;
}

/** Calls `report` for each key set twice in a map, anywhere under `node`, with the map's path. */
function reportDuplicateKeys(node: unknown, path: string[], report: (pair: Pair, first: Pair, path: string[]) => void): void {
  if (isMap(node)) {
    const first = new Map<string, Pair>();
    for (const pair of node.items) {
      const key = keyText(pair);
      const earlier = first.get(key);
      if (earlier) report(pair, earlier, path);
      else first.set(key, pair);
      if (isMap(pair.value) || isSeq(pair.value)) reportDuplicateKeys(pair.value, [...path, key], report);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => {
      if (isMap(item) || isSeq(item)) reportDuplicateKeys(item, [...path, String(index)], report);
    });
  }
}

function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : "";
}

function lastValue(map: { items: Pair[] }, key: string): Node | null | undefined {
  const pair = map.items.findLast((item) => keyText(item) === key);
  return pair ? ((pair.value ?? null) as Node | null) : undefined;
}

function toJS(node: unknown, doc: Document): unknown {
  return node && typeof node === "object" && "toJS" in node ? (node as Node).toJS(doc) : null;
}

function nodeStart(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

// ---------------------------------------------------------------------------------------------
// Fast path. The `yaml` parser costs about 100 µs per link on a small machine, most of it in its
// generator-based CST parser; a stack of 10,000 links must check in under a second (issue #3).
// Link files are nearly always simple block YAML, so they are first read by the small reader
// below, which understands only that subset and gives up (undefined) on anything else: anchors,
// tags, multi-line or escaped strings, nested flow collections, duplicate keys... A file it cannot
// read, or whose links have any problem, goes through `yaml` with positions (parseLinkFile), so
// the fast path never decides a message. Its values equal `yaml`'s, as test/link-files.test.ts
// checks on every fixture: plain scalars are resolved with `yaml`'s own core-schema tags.

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
