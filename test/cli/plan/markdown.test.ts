// The Markdown of each saved preview is the one pinned by plan-e2e.test.ts from the live CLI.
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../../src/cli/plan.ts";
import { cell } from "../../../src/cli/plan/markdown.ts";
import { CASES, FIXTURES, normalise, readFixture, SNAPSHOTS } from "./preview-fixtures.ts";

describe("the plan comment", () => {
  it.each(CASES)("renders the %s preview as pinned", async (name) => {
    // The file column comes from the e2e project's links/, gone now: compared apart from it.
    const { comment } = buildPlan(readFixture(`${name}.jsonl`), { root: FIXTURES, stack: "test" });
    const pinned = (await import("node:fs")).readFileSync(`${SNAPSHOTS}/${name}.md`, "utf8");
    expect(stripFiles(normalise(comment.markdown))).toBe(stripFiles(pinned));
  });

  it("keeps user text from breaking the table", () => {
    expect(cell("a | b\n<script>")).toBe("a \\| b &lt;script&gt;");
  });
});

/** The file column depends on the folder the links are read from; the e2e test pins it. */
function stripFiles(markdown: string): string {
  return markdown.replace(/^(\| [^|]+ \| )[^|]+( \| \*\*)/gm, "$1FILE$2");
}
