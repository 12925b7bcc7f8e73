// Program side: which YAML files a stack provisions. Stack config `mytpe:links` lists files,
// folders or `*` patterns (relative to the project); the default is every file under links/.
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";

export const DEFAULT_LINK_SOURCES = ["links"];

const YAML = /\.ya?ml$/;

/** Expands the sources to a sorted list of files, relative to `root`. Throws on a source that matches nothing. */
export function resolveLinkSources(sources: readonly string[], root: string): string[] {
  const files = new Set<string>();
  for (const source of sources) {
    const matched = expand(resolve(root, source));
    if (matched.length === 0) throw new Error(`link source ${JSON.stringify(source)} matches no YAML file`);
    for (const file of matched) files.add(relative(root, file) || file);
  }
  return [...files].sort();
}

function expand(path: string): string[] {
  if (path.includes("*")) {
    // A pattern in the last segment only, e.g. links/spring-*.yaml: enough for stack config.
    const folder = dirname(path);
    if (!existsSync(folder)) return [];
    const pattern = new RegExp(`^${basename(path).split("*").map(escapeRegExp).join(".*")}$`);
    return readdirSync(folder)
      .filter((name) => pattern.test(name) && YAML.test(name))
      .map((name) => join(folder, name))
      .filter((file) => statSync(file).isFile());
  }
  if (!existsSync(path)) return [];
  if (statSync(path).isDirectory()) {
    return readdirSync(path, { recursive: true, encoding: "utf8" })
      .filter((name) => YAML.test(name))
      .map((name) => join(path, name))
      .filter((file) => statSync(file).isFile());
  }
  return [path];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
}
