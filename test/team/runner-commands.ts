// What GitHub's runner obeys in a step's output, as actions/runner reads it
// (src/Runner.Common/ActionCommand.cs, src/Runner.Worker/ActionCommandManager.cs): lines end at
// `\n`, `\r\n` or `\r`; `::name props::data` once leading white space is trimmed (.NET's
// char.IsWhiteSpace), and the older `##[name props]data` anywhere in a line, for the registered
// command names only (case-insensitive); `::stop-commands::TOKEN` ignores every command until
// `::TOKEN::`. The stand-in for the runner in tests of what our jobs print.

const REGISTERED = [
  "add-mask",
  "add-matcher",
  "add-path",
  "debug",
  "echo",
  "endgroup",
  "error",
  "group",
  "notice",
  "remove-matcher",
  "save-state",
  "set-env",
  "set-output",
  "stop-commands",
  "warning",
];

/** The commands a runner would obey in `log`, as `name` or `name::data`, in order. */
export function runnerCommands(log: string): string[] {
  const obeyed: string[] = [];
  let stopToken: string | undefined;
  for (const line of log.split(/\r\n|\r|\n/)) {
    const command = parseCommand(line, stopToken);
    if (!command) continue;
    if (stopToken !== undefined) {
      if (command.name === stopToken.toLowerCase()) stopToken = undefined;
      continue;
    }
    if (command.name === "stop-commands") {
      stopToken = command.data;
      continue;
    }
    obeyed.push(command.data === "" ? command.name : `${command.name}::${command.data}`);
  }
  return obeyed;
}

function parseCommand(line: string, stopToken: string | undefined): { name: string; data: string } | undefined {
  const known = (name: string) => REGISTERED.includes(name) || (stopToken !== undefined && name === stopToken.toLowerCase());
  const trimmed = line.replace(/^[\s\u0085]+/u, "");
  if (trimmed.startsWith("::")) {
    const end = trimmed.indexOf("::", 2);
    if (end >= 0) {
      const name = trimmed.slice(2, end).split(" ")[0]!.toLowerCase();
      if (known(name)) return { name, data: trimmed.slice(end + 2) };
    }
  }
  const prefix = line.indexOf("##[");
  if (prefix >= 0) {
    const close = line.indexOf("]", prefix);
    if (close >= 0) {
      const name = line
        .slice(prefix + 3, close)
        .split(" ")[0]!
        .toLowerCase();
      if (known(name)) return { name, data: line.slice(close + 1) };
    }
  }
  return undefined;
}
