// Program side: reads link declarations from YAML files and checks them with the provider's own
// `checkLink`, so every problem in every file is reported at once, compiler style
// (`file:line:col: field: message`), before anything reaches the API.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { LinkSpec } from "../link/link-spec-types.ts";
import { byPosition, duplicateName, parseLinkFile } from "./link-file-parser.ts";

export { parseLinkFile };

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
