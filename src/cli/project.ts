// What the commands run on: the user's Pulumi project (found as `pulumi` finds it, from the
// working directory up to the first Pulumi.yaml) and this package's own files (the Go sources of
// the Pulumi CLI builder, the campaign template), found from this module's location.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { neutraliseWorkflowCommands } from "./escape/workflow-commands.ts";

/** The package's folder: src/cli/ and dist/cli/ are both two levels below it. */
export const PACKAGE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The folder of the nearest Pulumi.yaml at or above `cwd`, or `cwd` itself when there is none. */
export function projectRoot(cwd: string): string {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "Pulumi.yaml")) || existsSync(join(dir, "Pulumi.yml"))) return dir;
    if (dirname(dir) === dir) return resolve(cwd);
  }
}

/** The project's Pulumi.yaml (or .yml), parsed; undefined when there is none or it cannot be read (Pulumi says why). */
function projectFile(root: string): Record<string, unknown> | undefined {
  for (const file of ["Pulumi.yaml", "Pulumi.yml"]) {
    if (!existsSync(join(root, file))) continue;
    try {
      const parsed: unknown = parse(readFileSync(join(root, file), "utf8"));
      return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** The project's name (`name:` of its Pulumi.yaml), or undefined when it has none. */
export function projectName(root: string): string | undefined {
  const name = projectFile(root)?.["name"];
  return typeof name === "string" ? name : undefined;
}

/** The language of the project at `root` (Pulumi.yaml `runtime: yaml`, or `runtime: {name: yaml}`), undefined when unreadable. */
export function projectRuntime(root: string): string | undefined {
  const runtime = projectFile(root)?.["runtime"];
  const name = typeof runtime === "object" && runtime !== null ? (runtime as { name?: unknown }).name : runtime;
  return typeof name === "string" ? name : undefined;
}

/** What a command needs from its process, so tests run commands in-process. */
export interface CliIo {
  /** Where the command was started; the project is found from here. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A line of the command's result (stdout). */
  out: (line: string) => void;
  /** A line of progress or of an error (stderr). */
  err: (line: string) => void;
}

/**
 * The io of the real process. What a command prints may carry a declaration's text (a YAML key, a
 * title, a file name), and a CI runner obeys workflow commands in its output: they are neutralised
 * here, once for every command (escape/workflow-commands.ts).
 */
export function processIo(): CliIo {
  return {
    cwd: process.cwd(),
    env: process.env,
    out: (line) => process.stdout.write(`${neutraliseWorkflowCommands(line)}\n`),
    err: (line) => process.stderr.write(`${neutraliseWorkflowCommands(line)}\n`),
  };
}
