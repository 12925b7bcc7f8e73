import { describe, expect, it } from "vitest";
import { neutraliseWorkflowCommands } from "../../../src/cli/escape/workflow-commands.ts";
import { runnerCommands } from "../../team/runner-commands.ts";

describe("workflow commands in what the command line prints", () => {
  it.each([
    ["links.a\n::error::forged", "links.a\n\\u{3a}:error::forged"],
    ["  ::add-mask::x", "  \\u{3a}:add-mask::x"],
    ["\u00a0\u0085::warning file=a::b", "\u00a0\u0085\\u{3a}:warning file=a::b"],
    ["a\r::stop-commands::t", "a\r\\u{3a}:stop-commands::t"],
    ["a\r\n::notice::b\r\n", "a\r\n\\u{3a}:notice::b\r\n"],
    ["\n\n \t::debug::x", "\n\n \t\\u{3a}:debug::x"],
    ["title ##[set-output name=kind]declarations", "title \\u{23}#[set-output name=kind]declarations"],
    ["a ::error:: in the middle, and ## alone", "a ::error:: in the middle, and ## alone"],
    ["plain", "plain"],
  ])("makes %j harmless: %j", (text, shown) => {
    expect(neutraliseWorkflowCommands(text)).toBe(shown);
  });

  it("leaves a runner nothing to obey, whatever the line", () => {
    const hostile = ["::error::x", " ::set-output name=a::b", "x\r::add-mask::y", "z ##[error]w", "::stop-commands::t", "##[group]g", "\t::ERROR::upper"].join(
      "\n",
    );
    expect(runnerCommands(hostile)).not.toEqual([]);
    expect(runnerCommands(neutraliseWorkflowCommands(hostile))).toEqual([]);
  });
});
