// Text the command line prints that a CI runner reads back. GitHub's runner obeys a workflow
// command in any line of a step's output (actions/runner src/Runner.Common/ActionCommand.cs):
// `::name ...::data` at the start of a line once leading white space is trimmed, and the older
// `##[name ...]data` anywhere in a line; `\r` alone ends a line as `\n` does. A YAML key, a title
// or a file name that carries `\n::error::…`, `::add-mask::…` or `##[set-output …]` would otherwise
// forge an annotation, hide text or stop command processing in the job that holds the keys
// (issue 28). Each such sequence loses its meaning and stays readable: its first character is
// written as \u{3a} or \u{23}. Pure.

/**
 * `::` at the start of a line, once white space (.NET's, U+0085 included) is trimmed: where a
 * runner reads a command. A line starts the text or follows `\n` or `\r`.
 */
const COMMAND_LINE = /(^|[\r\n])((?:[^\S\r\n]|\u0085)*):(?=:)/gu;
/** The older form, obeyed anywhere in a line. */
const OLD_COMMAND = /#(?=#\[)/gu;

/** `text` with every workflow command sequence neutralised; everything else, line breaks included, as it was. */
export function neutraliseWorkflowCommands(text: string): string {
  return text.replace(COMMAND_LINE, "$1$2\\u{3a}").replace(OLD_COMMAND, "\\u{23}");
}
