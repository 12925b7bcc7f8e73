// Program side: reads link declarations from YAML files and checks them against LinkSpec, so every
// problem in every file is reported at once, compiler style (`file:line:col: field: message`),
// before anything reaches the API.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { LinkSpec } from "../provider/link-spec.ts";

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
  /** Field path, e.g. `links.voucher-10k.amount`. */
  path: string;
  message: string;
}

export const LINK_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
const TOP_LEVEL_KEYS = new Set(["defaults", "links"]);

export function formatProblem(problem: Problem): string {
  return `${problem.file}:${problem.line}:${problem.col}: ${problem.path}: ${problem.message}`;
}

/**
 * Reads and checks every file (paths relative to `root`, and reported that way); a name declared
 * twice across the files is a problem too.
 */
export function loadLinkFiles(files: readonly string[], root = "."): { links: DeclaredLink[]; problems: Problem[] } {
  const links: DeclaredLink[] = [];
  const problems: Problem[] = [];
  const seen = new Map<string, DeclaredLink>();
  for (const file of files) {
    const result = parseLinkFile(file, readFileSync(resolve(root, file), "utf8"));
    problems.push(...result.problems);
    for (const link of result.links) {
      const first = seen.get(link.name);
      if (first) {
        problems.push({
          file: link.file,
          line: link.line,
          col: 3,
          path: `links.${link.name}`,
          message: `duplicate link name: already declared at ${first.file}:${first.line}`,
        });
        continue;
      }
      seen.set(link.name, link);
      links.push(link);
    }
  }
  return { links, problems };
}

/** Parses one file's text. Pure: the file name is only used in the problems. */
export function parseLinkFile(file: string, text: string): { links: DeclaredLink[]; problems: Problem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const pos = lineCounter.linePos(offset ?? 0);
    return { line: pos.line, col: pos.col };
  };
  const problems: Problem[] = [];
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      problems.push({ file, ...at(error.pos[0]), path: "(yaml)", message: firstLine(error.message) });
    }
    return { links: [], problems };
  }

  const root = doc.contents;
  if (!isMap(root)) {
    problems.push({ file, ...at(nodeStart(root)), path: "(file)", message: "expected a map with `links:` (and optional `defaults:`)" });
    return { links: [], problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : "";
    if (!TOP_LEVEL_KEYS.has(key)) {
      problems.push({ file, ...at(nodeStart(pair.key)), path: key || "(key)", message: "unknown top-level key: expected `links` or `defaults`" });
    }
  }
  const defaultsNode = root.get("defaults", true);
  if (defaultsNode !== undefined && !isMap(defaultsNode)) {
    problems.push({ file, ...at(nodeStart(defaultsNode)), path: "defaults", message: "expected a map of link fields" });
  }
  const linksNode = root.get("links", true);
  if (!isMap(linksNode)) {
    problems.push({
      file,
      ...at(nodeStart(linksNode ?? root)),
      path: "links",
      message: "expected a map of link name to link fields",
    });
    return { links: [], problems };
  }
  const defaults = isMap(defaultsNode) ? (defaultsNode.toJSON() as Record<string, unknown>) : {};

  const links: DeclaredLink[] = [];
  for (const pair of linksNode.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : "";
    const keyPos = at(nodeStart(pair.key));
    if (!LINK_NAME.test(name)) {
      problems.push({
        file,
        ...keyPos,
        path: `links.${name}`,
        message: "invalid link name: expected lowercase letters, digits and dashes, starting with a letter or digit, at most 63 characters",
      });
      continue;
    }
    const body = pair.value as Node | null;
    if (!isMap(body)) {
      problems.push({ file, ...at(nodeStart(body ?? pair.key)), path: `links.${name}`, message: "expected a map of link fields" });
      continue;
    }
    const declared = { ...defaults, ...(body.toJSON() as Record<string, unknown>) };
    const parsed = LinkSpec.safeParse(declared);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const segments = issue.path.map(String);
        // Unknown keys are reported on each key; other issues on the field's value.
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [undefined];
        for (const extra of keys) {
          const fieldPath = extra === undefined ? segments : [...segments, extra];
          const where = locate(doc, name, fieldPath, extra !== undefined) ?? { offset: nodeStart(pair.key), inDefaults: false };
          problems.push({
            file,
            ...at(where.offset),
            path: [where.inDefaults ? "defaults" : `links.${name}`, ...fieldPath].join("."),
            message: extra === undefined ? issue.message : "unknown field (check its spelling against the link fields)",
          });
        }
      }
      continue;
    }
    links.push({ name, file, line: keyPos.line, spec: parsed.data });
  }
  return { links, problems };
}

/** Finds a field in the link's map, else in `defaults`; the key when `onKey`, else the value. */
function locate(
  doc: Document,
  name: string,
  path: string[],
  onKey: boolean,
): { offset: number; inDefaults: boolean } | undefined {
  for (const [base, inDefaults] of [[["links", name], false], [["defaults"], true]] as const) {
    const parentPath = [...base, ...path.slice(0, -1)];
    const parent = doc.getIn(parentPath, true);
    const last = path[path.length - 1];
    if (last === undefined) {
      const node = doc.getIn(base, true) as Node | undefined;
      if (node) return { offset: nodeStart(node), inDefaults };
      continue;
    }
    if (isMap(parent)) {
      const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === last);
      if (pair) return { offset: nodeStart((onKey ? pair.key : (pair.value ?? pair.key)) as Node), inDefaults };
    } else if (parent && typeof parent === "object" && "items" in parent) {
      const node = doc.getIn([...base, ...path], true) as Node | undefined;
      if (node) return { offset: nodeStart(node), inDefaults };
    }
  }
  return undefined;
}

function nodeStart(node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? range[0] : 0;
}

function firstLine(text: string): string {
  return text.split("\n")[0] ?? text;
}
