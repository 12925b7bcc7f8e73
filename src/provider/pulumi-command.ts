// Runs inside the Pulumi provider host: which stack the running Pulumi command works on, as its own
// command line says. The engine tells a provider its project but not its organization, and a URN
// names neither, so `pulumi stack export --stack <stack of the URN>` could read a same-named stack
// of the default organization on Pulumi Cloud. The `pulumi` process that started this provider
// was given the stack with `--stack` (then its name, fully qualified as the user wrote it, is
// reused) or resolved it from PULUMI_STACK or the selected stack (then `stack export` with no
// `--stack` resolves it the same way: same environment, same project directory).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";

/** The stack named by `--stack`/`-s` in a Pulumi command line; undefined when it names none. */
export function stackFlag(argv: readonly string[]): string | undefined {
  let stack: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") break;
    if (arg === "--stack" || arg === "-s") stack = argv[++i];
    else if (arg.startsWith("--stack=")) stack = arg.slice("--stack=".length);
    else if (arg.startsWith("-s=")) stack = arg.slice(3);
    else if (/^-s[^-]/.test(arg)) stack = arg.slice(2);
  }
  return stack === "" ? undefined : stack;
}

/** Whether a process's first argument is the Pulumi CLI. */
export function isPulumiCli(argv0: string | undefined): boolean {
  return argv0 !== undefined && /^pulumi(\.exe)?$/i.test(basename(argv0));
}

/**
 * How to export the running command's stack: with the same CLI (its path), and `--stack <what it was
 * given>`, or no `--stack` when it was given none; when its command line cannot be read (no /proc
 * nor `ps`): `pulumi` on the PATH, `--stack <the URN's stack>`.
 */
export function stackExport(urnStack: string, commandLine: readonly string[] | undefined = pulumiCommandLine()): { cli: string; args: string[] } {
  if (commandLine === undefined) return { cli: "pulumi", args: ["stack", "export", "--stack", urnStack] };
  const stack = stackFlag(commandLine);
  return { cli: commandLine[0]!, args: ["stack", "export", ...(stack === undefined ? [] : ["--stack", stack])] };
}

/** Read once per provider process: the command that started it does not change. */
let found: { argv: string[] | undefined } | undefined;

/** The command line of the nearest `pulumi` process above this one, if it can be read. */
export function pulumiCommandLine(): string[] | undefined {
  found ??= { argv: findPulumiCommandLine() };
  return found.argv;
}

function findPulumiCommandLine(): string[] | undefined {
  let pid = process.ppid;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    const info = processInfo(pid);
    if (!info) return undefined;
    if (isPulumiCli(info.argv[0])) return info.argv;
    pid = info.ppid;
  }
  return undefined;
}

function processInfo(pid: number): { ppid: number; argv: string[] } | undefined {
  try {
    // Linux: the parent is the field after the state, which follows the command name in parentheses.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter((arg) => arg !== "");
    return { ppid, argv };
  } catch {
    try {
      // macOS and other Unixes: arguments joined by spaces (a stack name has none).
      const line = execFileSync("ps", ["-o", "ppid=,args=", "-p", String(pid)], { encoding: "utf8", timeout: 5_000 }).trim();
      const [ppid, ...argv] = line.split(/\s+/);
      return argv.length > 0 ? { ppid: Number(ppid), argv } : undefined;
    } catch {
      return undefined;
    }
  }
}
