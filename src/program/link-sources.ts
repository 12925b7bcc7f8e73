// Program side: which YAML files a stack provisions. Stack config `mytpe:links` lists files,
// folders or glob patterns (relative to the project); the default is every file under links/.
// `npm run check` reads the same config from the stack file, without the Pulumi CLI.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { parse } from "yaml";

export const DEFAULT_LINK_SOURCES = ["links"];

const YAML = /\.ya?ml$/;

/**
 * Expands the sources to a sorted list of YAML files, relative to `root` (with `/`). A source is a
 * file, a folder (every YAML file under it) or a pattern with `*` (any characters but `/`), `**`
 * (any folders) or `?` in any segment. Throws on a source that matches nothing.
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
  if (/[*?]/.test(source)) {
    const segments = toPosix(source).split("/");
    const firstPattern = segments.findIndex((segment) => /[*?]/.test(segment));
    const base = resolve(root, segments.slice(0, firstPattern).join("/") || ".");
    if (!existsSync(base) || !statSync(base).isDirectory()) return [];
    const pattern = globToRegExp(segments.slice(firstPattern).join("/"));
    return yamlFilesUnder(base).filter((file) => pattern.test(toPosix(relative(base, file))));
  }
  const path = resolve(root, source);
  if (!existsSync(path)) return [];
  if (statSync(path).isDirectory()) return yamlFilesUnder(path);
  return [path];
}

function yamlFilesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => YAML.test(name))
    .map((name) => join(folder, name))
    .filter((file) => statSync(file).isFile());
}

/** `*` any characters but `/`, `**` any folders (or none), `?` one character but `/`. */
function globToRegExp(glob: string): RegExp {
  let pattern = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "*" && glob[i + 1] === "*") {
      // `**/` matches zero or more folders; a trailing `**` anything below.
      if (glob[i + 2] === "/") {
        pattern += "(?:.*/)?";
        i += 2;
      } else {
        pattern += ".*";
        i += 1;
      }
    } else if (char === "*") pattern += "[^/]*";
    else if (char === "?") pattern += "[^/]";
    else pattern += char.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${pattern}$`);
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
