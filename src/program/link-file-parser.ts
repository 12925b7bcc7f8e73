// Program side: one link file's text parsed with `yaml` and checked with the provider's own
// `checkLink`, every problem located (line, column, field path). Pure; link-files.ts reads the files
// and adds what only several files together can show (a name or an adopted link declared twice).
import { isAlias, isMap, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from "yaml";
import { checkLink } from "../link/link-check.ts";
import { closestWord, shown } from "../link/link-spec.ts";
import type { DeclaredLink, DeclaredName, Problem } from "./link-files.ts";
import { LINK_NAME, LINK_NAME_RULE } from "./link-name.ts";
import { firstLine, keyText, lastValue, locate, nodeStart, openedAt, reportDuplicateKeys, toJS } from "./yaml-nodes.ts";

const TOP_LEVEL_KEYS = ["defaults", "links"] as const;

/** One file being parsed: its name, its document, and where an offset is (line and column). */
interface ParsedFile {
  file: string;
  doc: Document;
  at: (offset: number) => { line: number; col: number };
}

/**
 * Parses and checks one file's text with `yaml` and the link schema, every node located. Pure: the
 * file name is only used in the problems. Problems come sorted by position; `names` lists every
 * link name declared (once), valid link or not.
 */
export function parseLinkFile(file: string, text: string): { links: DeclaredLink[]; problems: Problem[]; names: DeclaredName[] } {
  const lineCounter = new LineCounter();
  // Duplicate keys are found below, with their field path, rather than as bare YAML errors.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, col: pos.col };
  };
  const parsed: ParsedFile = { file, doc, at };
  // The structure around a syntax error is a guess: report the errors alone for this file.
  if (doc.errors.length > 0) return { links: [], problems: syntaxProblems(parsed, text).sort(byPosition), names: [] };

  const root = doc.contents;
  if (!isMap(root)) {
    const got = root ? shown(root.toJS(doc)) : "an empty file";
    return {
      links: [],
      problems: [{ file, ...at(nodeStart(root)), path: "(file)", message: `expected a map with \`links:\` (and optional \`defaults:\`), got ${got}` }],
      names: [],
    };
  }
  const problems = topLevelProblems(parsed, root);
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
      message: `expected a map of link name to link fields, got ${linksPair ? shown(toJS(linksNode, doc)) : "no `links:` key"}`,
    });
    return { links: [], problems: problems.sort(byPosition), names: [] };
  }
  const checked = checkLinks(parsed, linksNode as YAMLMap<unknown, unknown>, defaults, isMap(defaultsNode) ? defaultsNode : undefined);
  return { links: checked.links, problems: [...problems, ...checked.problems].sort(byPosition), names: checked.names };
}

/** The YAML syntax errors, each where it is best fixed. */
function syntaxProblems({ file, doc, at }: ParsedFile, text: string): Problem[] {
  const problems: Problem[] = [];
  for (const error of doc.errors) {
    // A string or a bracket left open is reported where it opens, not where the parser gave up.
    const opened = openedAt(text, error);
    const gaveUp = at(error.pos[0]);
    const where = opened === undefined ? gaveUp : at(opened);
    const note =
      opened === undefined || where.line === gaveUp.line
        ? ""
        : ` (opened here and never closed; the parser gave up at line ${gaveUp.line}, column ${gaveUp.col})`;
    problems.push({ file, ...where, path: "(yaml)", message: `YAML syntax: ${firstLine(error.message)}${note}` });
    // What the parser says after an unclosed string or bracket only follows from it.
    if (opened !== undefined) break;
  }
  return problems;
}

/** Keys set twice anywhere, and top-level keys other than `links` and `defaults`. */
function topLevelProblems({ file, at }: ParsedFile, root: YAMLMap<unknown, unknown>): Problem[] {
  const problems: Problem[] = [];
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
  for (const pair of root.items as Pair[]) {
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
  return problems;
}

/** Each link under `links:` with the defaults merged in, checked; a problem of the defaults said once. */
function checkLinks(
  parsed: ParsedFile,
  linksNode: YAMLMap<unknown, unknown>,
  defaults: Record<string, unknown>,
  defaultsNode: Node | undefined,
): { links: DeclaredLink[]; problems: Problem[]; names: DeclaredName[] } {
  const { file, doc, at } = parsed;
  const links: DeclaredLink[] = [];
  const problems: Problem[] = [];
  const names: DeclaredName[] = [];
  // A problem that comes from `defaults` is reported once, naming the links it affects.
  const fromDefaults = new Map<string, { problem: Problem; links: string[] }>();
  const seen = new Set<string>();
  for (const pair of linksNode.items as Pair[]) {
    const name = keyText(pair);
    const keyAt = at(nodeStart(pair.key));
    if (!LINK_NAME.test(name)) {
      problems.push({ file, ...keyAt, path: `links.${name}`, message: `invalid link name: ${LINK_NAME_RULE}` });
      continue;
    }
    // A second declaration in the same file is reported by reportDuplicateKeys and not checked.
    if (seen.has(name)) continue;
    seen.add(name);
    names.push({ name, file, ...keyAt });

    // `second: *first` declares a copy of another link: check what the alias points at.
    const body = (isAlias(pair.value) ? pair.value.resolve(doc) : pair.value) as Node | null | undefined;
    if (!isMap(body)) {
      problems.push({
        file,
        ...at(nodeStart(pair.value ?? pair.key)),
        path: `links.${name}`,
        message: `expected a map of link fields, got ${shown(toJS(body, doc))}`,
      });
      continue;
    }
    const result = checkLink({ ...defaults, ...(body.toJS(doc) as Record<string, unknown>) });
    if (result.ok) {
      links.push({ name, file, ...keyAt, spec: result.spec });
      continue;
    }
    for (const issue of result.problems) {
      const found = locate(issue, body, defaultsNode);
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
  return { links, problems, names };
}

/** Problems in the order of the file. */
export function byPosition(a: Problem, b: Problem): number {
  return a.line - b.line || a.col - b.col;
}

/** A link name declared a second time, where the first was. */
export function duplicateName(declared: DeclaredName, first: DeclaredName): Omit<Problem, "path"> {
  return {
    file: declared.file,
    line: declared.line,
    col: declared.col,
    message: `duplicate link name: already declared at ${first.file}:${first.line}:${first.col}`,
  };
}
