// The Markdown of each saved preview is the one pinned by plan-e2e.test.ts from the live CLI.
import { describe, expect, it } from "vitest";
import { buildPlan } from "../../../src/cli/plan.ts";
import { codeSpan } from "../../../src/cli/escape/markdown-code.ts";
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
    expect(cell("a | b\n<script>")).toBe("`a \\| b <script>`");
  });

  it("shows a hostile title and metadata as code: no link, image, mention, HTML or extra row in the comment", () => {
    // A preview of the create case whose declarations carry Markdown, HTML and a forged row.
    const stream = readFixture("create.jsonl")
      .replaceAll('"title":"Draft first"', `"title":${JSON.stringify(HOSTILE_TITLE)}`)
      .replaceAll('"campaign":"spring"', `"campaign":${JSON.stringify(HOSTILE_METADATA)}`);
    const markdown = normalise(buildPlan(stream, { root: FIXTURES, stack: "test" }).comment.markdown);
    const rows = markdown.split("\n").filter((line) => line.startsWith("| `draft-first`") || line.startsWith("| `price-paid`"));
    expect(rows).toMatchInlineSnapshot(`
      [
        "| \`draft-first\` \`\`"[Pay here](https://evil.example/pay) ![logo](https://evil.example/x.png) @acme/finance <img src=x onerror=alert(1)> \\| \` <!-- mytpe-links-plan -->\\n\\| fake \\| row \\|"\`\` | (removed) | **create** | instance: \`9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69\`<br>status: \`(new)\` → **\`draft\`**<br>title: \`\`"[Pay here](https://evil.example/pay) ![logo](https://evil.example/x.png) @acme/finance <img src=x onerror=alert(1)> \\| \` <!-- mytpe-links-plan -->\\n\\| fake \\| row \\|"\`\`<br>amount_mode: \`fixed\`<br>amount: \`1,000.00 DZD\`<br>currency: \`DZD\`<br>usage_mode: \`reusable\` |",
        "| \`price-paid\` \`"Price paid"\` | (removed) | **create** | instance: \`9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69\`<br>title: \`"Price paid"\`<br>amount_mode: \`fixed\`<br>amount: \`1,000.00 DZD\`<br>currency: \`DZD\`<br>usage_mode: \`reusable\`<br>metadata: \`{"campaign":"**approved** by @acme/security](javascript:alert(1))"}\` |",
      ]
    `);
    // GFM splits a row on every pipe not escaped: each row still has its four cells.
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });

  it("shows every invisible character of a title as \\u{…}: tag characters, zero-width, bidirectional, variation selectors, fillers", () => {
    // "Refund" followed by hidden tag characters that spell "approve", then other invisibles.
    const hidden = [..."approve"].map((char) => String.fromCodePoint(0xe0000 + char.codePointAt(0)!)).join("");
    const title = `Refund${hidden}\u{e007f} \u200d\u2066x\u2069 \ufe0f\u3164\u00ad\u{e0001}`;
    const stream = readFixture("create.jsonl").replaceAll('"title":"Draft first"', `"title":${JSON.stringify(title)}`);
    const markdown = buildPlan(stream, { root: FIXTURES, stack: "test" }).comment.markdown;
    expect(markdown).not.toMatch(/[\p{Cf}\p{Default_Ignorable_Code_Point}]/u);
    expect(markdown).toContain(
      `Refund\\u{e0061}\\u{e0070}\\u{e0070}\\u{e0072}\\u{e006f}\\u{e0076}\\u{e0065}\\u{e007f} \\u{200d}\\u{2066}x\\u{2069} \\u{fe0f}\\u{3164}\\u{ad}\\u{e0001}`,
    );
  });

  it.each([
    ["plain", "`plain`"],
    ["a `tick`", "`` a `tick` ``"],
    ["`starts", "`` `starts ``"],
    ["  spaced  ", "`   spaced   `"],
    ["", "` `"],
    ["two\r\nlines\tand tab", "`two lines and tab`"],
    ["right-to-left \u202Eevil\u202C", "`right-to-left \\u{202e}evil\\u{202c}`"],
    ["@team #12 :smile: https://x.example", "`@team #12 :smile: https://x.example`"],
  ])("writes %j in a line of text as %s", (value, span) => {
    expect(codeSpan(value, { table: false })).toBe(span);
  });

  it("cuts a long value to 300 characters, inside the span", () => {
    expect(codeSpan("x".repeat(400), { table: true })).toBe(`\`${"x".repeat(299)}…\``);
  });
});

const HOSTILE_TITLE =
  "[Pay here](https://evil.example/pay) ![logo](https://evil.example/x.png) @acme/finance <img src=x onerror=alert(1)> | ` <!-- mytpe-links-plan -->\n| fake | row |";
const HOSTILE_METADATA = "**approved** by @acme/security](javascript:alert(1))";

/** The file column depends on the folder the links are read from; the e2e test pins it. */
function stripFiles(markdown: string): string {
  return markdown.replace(/^(\| [^|]+ \| )[^|]+( \| \*\*)/gm, "$1FILE$2");
}
