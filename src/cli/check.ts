// `mytpe-links check [--stack NAME] [files, folders or patterns...]`: checks link declarations
// offline, with the same functions `pulumi preview`/`up` use. With no paths, checks the files the
// stack uses (stack config `mytpe:links`, else links/; the stack from --stack, else PULUMI_STACK,
// else "local"). Exit 0 when all is well, 1 with problems, 2 on bad usage.
import { formatProblem, loadLinkFiles, plural, problemSummary } from "../program/link-files.ts";
import { DEFAULT_LINK_SOURCES, resolveLinkSources, stackLinkSources } from "../program/link-sources.ts";
import { commandArgs, HELP } from "./command-args.ts";
import { projectRoot, type CliIo } from "./project.ts";

export const USAGE = "usage: mytpe-links check [--stack NAME] [files, folders or patterns...]";

/** Runs the check for command-line `args`; returns the exit code. */
export function runCheck(args: readonly string[], io: Pick<CliIo, "cwd" | "env" | "out" | "err">): number {
  const parsed = commandArgs(args, { options: { stack: { type: "string", short: "s" }, help: HELP }, allowPositionals: true }, USAGE, io);
  if (typeof parsed === "number") return parsed;

  // Paths given are relative to where the command runs; a stack's sources, to its project, as the
  // program reads them (stack config mytpe:links, else links/).
  let root = io.cwd;
  let sources: string[] = parsed.positionals;
  if (sources.length === 0) {
    const stack = parsed.values.stack ?? (io.env["PULUMI_STACK"] || "local");
    root = projectRoot(io.cwd);
    try {
      sources = stackLinkSources(root, stack)?.sources ?? DEFAULT_LINK_SOURCES;
    } catch (error) {
      io.err((error as Error).message);
      return 2;
    }
  } else if (parsed.values.stack !== undefined) {
    io.err(`give either --stack or paths, not both\n${USAGE}`);
    return 2;
  }

  let files: string[];
  try {
    files = resolveLinkSources(sources, root);
  } catch (error) {
    io.err(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const { links, problems } = loadLinkFiles(files, root);
  if (problems.length > 0) {
    for (const problem of problems) io.out(formatProblem(problem));
    io.out(problemSummary(problems));
    return 1;
  }
  io.out(`${plural(links.length, "link")} OK in ${plural(files.length, "file")}`);
  return 0;
}
