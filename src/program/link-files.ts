// Program side: reads link declarations from YAML files and checks them with the provider's own
// `checkLink`, so every problem in every file is reported at once, compiler style
// (`file:line:col: field: message`), before anything reaches the API.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { isAlias, isMap, LineCounter, parseDocument, type Node } from "yaml";
import { checkLink } from "../link/link-check.ts";
import { closestWord, shown } from "../link/link-spec.ts";
import type { LinkSpec } from "../link/link-spec-types.ts";
import { LINK_NAME, LINK_NAME_RULE } from "./link-name.ts";
import { firstLine, keyText, lastValue, locate, nodeStart, openedAt, reportDuplicateKeys, toJS } from "./yaml-nodes.ts";

/** A link declared in a file, validated and normalised. */
export interface DeclaredLink {
  /** Unique in the stack: the resource name. */
  name: string;
  file: string;
  line: number;
  /** The column of its name. */
  col: number;
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
  const adopters = new Map<string, DeclaredLink>();
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
    // A link has one owner: one live link adopted by two declarations is refused on the second.
    for (const link of result.links) {
      const adopted = link.spec.adopt;
      if (adopted === undefined || duplicates.has(link.name)) continue;
      const first = adopters.get(adopted);
      if (!first) {
        adopters.set(adopted, link);
        continue;
      }
      duplicates.add(link.name);
      fileProblems.push({
        file,
        line: link.line,
        col: link.col,
        path: `links.${link.name}.adopt`,
        message: `link ${adopted} is already adopted by links.${first.name} (${first.file}:${first.line}:${first.col}); a link has one owner: keep \`adopt: ${adopted}\` on one declaration only`,
      });
    }
    problems.push(...(duplicates.size > 0 ? fileProblems.sort(byPosition) : fileProblems));
    links.push(...result.links.filter((link) => !duplicates.has(link.name)));
  }
  return { links, problems };
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
  const problems: Problem[] = [];
  const links: DeclaredLink[] = [];
  const names: DeclaredName[] = [];
  const done = () => ({ links, problems: problems.sort(byPosition), names });

  if (doc.errors.length > 0) {
    // The structure around a syntax error is a guess: report the errors alone for this file.
    for (const error of doc.errors) {
      // A string or a bracket left open is reported where it opens, not where the parser gave up.
      const opened = openedAt(text, error);
      const gaveUp = at(error.pos[0]);
      const where = opened === undefined ? gaveUp : at(opened);
      const note = opened === undefined || where.line === gaveUp.line ? "" : ` (opened here and never closed; the parser gave up at line ${gaveUp.line}, column ${gaveUp.col})`;
      problems.push({ file, ...where, path: "(yaml)", message: `YAML syntax: ${firstLine(error.message)}${note}` });
      // What the parser says after an unclosed string or bracket only follows from it.
      if (opened !== undefined) break;
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
        message: `invalid link name: ${LINK_NAME_RULE}`,
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
      links.push({ name, file, ...keyAt, spec: result.spec });
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
