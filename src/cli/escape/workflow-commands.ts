// Text the command line prints that a CI runner reads back. GitHub's runner obeys a workflow
// command in any line of a step's output (actions/runner src/Runner.Common/ActionCommand.cs):
// `::name ...::data` at the start of a line once leading white space is trimmed, and the older
// `##[name ...]data` anywhere in a line; `\r` alone ends a line as `\n` does. A YAML key, a title
// or a file name that carries `\n::error::…`, `::add-mask::…` or `##[set-output …]` would otherwise
// forge an annotation, hide text or stop command processing in the job that holds the keys
// (issue 28). Each such sequence loses its meaning and stays readable: its second character is
// written as \u{3a} or \u{23}. Pure.

/** A line a runner would read as a command: `::` after leading white space (.NET's, U+0085 included). */
const COMMAND_LINE = /^([\s\u0085]*):(?=:)/u;
/** The older form, obeyed anywhere in a line. */
const OLD_COMMAND = /#(?=#\[)/gu;

/** `text` with every workflow command sequence neutralised; line breaks stay line breaks (`\n`). */
export function neutraliseWorkflowCommands(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(COMMAND_LINE, "$1\\u{3a}").replace(OLD_COMMAND, "\\u{23}"))
    .join("\n");
}
