// Program side: finding things in a parsed YAML document (the `yaml` package's nodes and its
// concrete syntax tree), so that every problem points at the line and column it is about.
import { CST, isMap, isScalar, isSeq, Parser, type Document, type Node, type Pair, type YAMLError } from "yaml";
import type { LinkProblem } from "../link/link-check.ts";

/**
 * The node a problem is about: in the link's own map, else in `defaults` (the link's value wins
 * when both have it). The key for an unknown field, the value otherwise; undefined when the field
 * is missing, and the problem then points at the link's name.
 */
export function locate(problem: LinkProblem, body: Node, defaults: Node | undefined): { node: Node; inDefaults: boolean } | undefined {
  if (problem.path.length === 0) return undefined;
  for (const [start, inDefaults] of [
    [body, false],
    [defaults, true],
  ] as const) {
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
export function reportDuplicateKeys(node: unknown, path: string[], report: (pair: Pair, first: Pair, path: string[]) => void): void {
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

export function keyText(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : "";
}

export function lastValue(map: { items: Pair[] }, key: string): Node | null | undefined {
  const pair = map.items.findLast((item) => keyText(item) === key);
  return pair ? ((pair.value ?? null) as Node | null) : undefined;
}

export function toJS(node: unknown, doc: Document): unknown {
  return node && typeof node === "object" && "toJS" in node ? (node as Node).toJS(doc) : null;
}

export function nodeStart(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}

export function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}

/**
 * Where the mistake behind a syntax error starts: a quoted string or a flow collection (`{ … }`,
 * `[ … ]`) left open is reported by the parser where it gave up, often the end of the file; this
 * is where it opened. Undefined for any other error.
 */
export function openedAt(text: string, error: YAMLError): number | undefined {
  if (error.code !== "MISSING_CHAR" && error.code !== "BAD_INDENT" && error.code !== "UNEXPECTED_TOKEN") return undefined;
  let opened: number | undefined;
  for (const token of new Parser().parse(text)) {
    if (token.type !== "document") continue;
    CST.visit(token, ({ value }) => {
      if (opened !== undefined || !value) return;
      if (value.type === "double-quoted-scalar" || value.type === "single-quoted-scalar") {
        const quote = value.type === "double-quoted-scalar" ? '"' : "'";
        if (!isClosed(value.source, quote)) opened = value.offset;
      } else if (value.type === "flow-collection" && value.end.length === 0 && value.offset <= error.pos[0]) {
        opened = value.start.offset;
      }
    });
  }
  return opened;
}

/** Whether a quoted scalar's source ends with its (unescaped) closing quote. */
function isClosed(source: string, quote: string): boolean {
  if (source.length < 2 || !source.endsWith(quote)) return false;
  if (quote === "'") return true;
  // In a double-quoted string, a closing quote preceded by an odd number of backslashes is escaped.
  const backslashes = /\\*$/.exec(source.slice(0, -1))?.[0].length ?? 0;
  return backslashes % 2 === 0;
}
