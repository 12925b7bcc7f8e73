// `npm run check -- [--stack NAME] [files or folders...]`: checks link declarations offline, with
// the same functions `pulumi preview`/`up` use. With no paths, checks the files the stack uses
// (stack config `mytpe:links`; stack from --stack, else PULUMI_STACK, else "local"), else links/.
// Exit 0 when all is well, 1 with problems, 2 on bad usage.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { formatProblem, loadLinkFiles, plural, problemSummary } from "../program/link-files.ts";
import { DEFAULT_LINK_SOURCES, resolveLinkSources, stackLinkSources } from "../program/link-sources.ts";

const USAGE = "usage: npm run check -- [--stack NAME] [files, folders or patterns...]";

export interface CheckIo {
  /** Paths are resolved against it, and reported relative to it. */
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs the check for command-line `args`; returns the exit code. */
export function runCheck(args: readonly string[], io: CheckIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { stack: { type: "string", short: "s" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.out(USAGE);
    return 0;
  }

  let sources: string[] = parsed.positionals;
  if (sources.length === 0) {
    const stack = parsed.values.stack ?? io.env["PULUMI_STACK"] ?? "local";
    let fromStack;
    try {
      fromStack = stackLinkSources(io.cwd, stack);
    } catch (error) {
      io.err((error as Error).message);
      return 2;
    }
    if (!fromStack && parsed.values.stack !== undefined) {
      io.err(`stack ${JSON.stringify(stack)} has no stack file or no mytpe:links setting\n${USAGE}`);
      return 2;
    }
    sources = fromStack?.sources ?? DEFAULT_LINK_SOURCES;
  } else if (parsed.values.stack !== undefined) {
    io.err(`give either --stack or paths, not both\n${USAGE}`);
    return 2;
  }

  let files: string[];
  try {
    files = resolveLinkSources(sources, io.cwd);
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { links, problems } = loadLinkFiles(files, io.cwd);
  if (problems.length > 0) {
    for (const problem of problems) io.out(formatProblem(problem));
    io.out(problemSummary(problems));
    return 1;
  }
  io.out(`${plural(links.length, "link")} OK in ${plural(files.length, "file")}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const out: string[] = [];
  const err: string[] = [];
  process.exitCode = runCheck(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
  });
  // One write each: thousands of problems stay fast through a pipe.
  if (out.length > 0) process.stdout.write(`${out.join("\n")}\n`);
  if (err.length > 0) process.stderr.write(`${err.join("\n")}\n`);
}
