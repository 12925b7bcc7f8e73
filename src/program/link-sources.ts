// Program side: which YAML files a stack provisions. Stack config `mytpe:links` lists files,
// folders or glob patterns (relative to the project); the default is every file under links/.
// `mytpe-links check` reads the same config from the stack file, without the Pulumi CLI. Patterns
// are matched by tinyglobby (picomatch's globs: `*`, `**`, `?`, `[ab]`, `{a,b}`); files and folders
// whose name starts with a dot are left out unless named.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { convertPathToPattern, globSync, isDynamicPattern } from "tinyglobby";
import { parse } from "yaml";

export const DEFAULT_LINK_SOURCES = ["links"];

const YAML = /\.ya?ml$/;

/**
 * Expands the sources to a sorted list of YAML files, relative to `root` (with `/`). A source is a
 * file, a folder (every YAML file under it) or a glob pattern. Throws on a source that matches nothing.
 */
export function resolveLinkSources(sources: readonly string[], root: string): string[] {
  const files = new Set<string>();
  for (const source of sources) {
    const matched = expand(source, root);
    if (matched.length === 0) throw new Error(`link source ${JSON.stringify(source)} matches no YAML file (relative to ${root})`);
    for (const file of matched) files.add(toPosix(relative(root, file) || file));
  }
  return [...files].sort();
}

/**
 * The sources a stack's file names in `mytpe:links` (`<stackConfigDir>/Pulumi.<stack>.yaml`, the
 * folder named in Pulumi.yaml), or undefined when the stack file or the setting is absent.
 * Accepts a list, a single string, or a JSON list in a string (as `pulumi config set` writes it).
 */
export function stackLinkSources(root: string, stack: string): { sources: string[]; stackFile: string } | undefined {
  const stackFile = join(stackConfigDir(root), `Pulumi.${stack}.yaml`);
  if (!existsSync(resolve(root, stackFile))) return undefined;
  const content = parse(readFileSync(resolve(root, stackFile), "utf8")) as { config?: Record<string, unknown> } | null;
  const sources = linkSourcesSetting(content?.config?.["mytpe:links"], `${toPosix(stackFile)}: mytpe:links`);
  return sources ? { sources, stackFile: toPosix(stackFile) } : undefined;
}

/**
 * The value of `mytpe:links` as a list of sources, undefined when not set. Accepts a list, a
 * single string, or a JSON list in a string (what the Pulumi engine hands the program).
 */
export function linkSourcesSetting(value: unknown, label = "mytpe:links"): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  let sources: unknown = value;
  if (typeof value === "string" && value.trim().startsWith("[")) {
    try {
      sources = JSON.parse(value) as unknown;
    } catch {
      // Reported below as not a list of strings.
    }
  }
  const list = Array.isArray(sources) ? (sources as unknown[]) : [sources];
  if (list.length === 0 || !list.every((item): item is string => typeof item === "string" && item.length > 0)) {
    throw new Error(`${label}: expected a list of files, folders or patterns, got ${JSON.stringify(value)}`);
  }
  return list;
}

/** The folder of the stack files, as Pulumi.yaml's `stackConfigDir` says (relative to `root`). */
function stackConfigDir(root: string): string {
  const project = resolve(root, "Pulumi.yaml");
  if (!existsSync(project)) return ".";
  const content = parse(readFileSync(project, "utf8")) as { stackConfigDir?: unknown } | null;
  return typeof content?.stackConfigDir === "string" ? content.stackConfigDir : ".";
}

function expand(source: string, root: string): string[] {
  const path = resolve(root, source);
  if (!isDynamicPattern(toPosix(source)) || existsSync(path)) {
    if (!existsSync(path)) return [];
    if (!statSync(path).isDirectory()) return [path];
    return yamlFiles(`${convertPathToPattern(path)}/**/*`);
  }
  return yamlFiles(toPosix(source), root);
}

/** The YAML files a glob matches (absolute paths), dotted names left out unless the pattern names them. */
function yamlFiles(pattern: string, cwd?: string): string[] {
  return globSync(pattern, { ...(cwd ? { cwd } : {}), absolute: true, onlyFiles: true, dot: false, expandDirectories: false }).filter((file) =>
    YAML.test(file),
  );
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
