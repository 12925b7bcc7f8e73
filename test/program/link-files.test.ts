import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatProblem, loadLinkFiles, parseLinkFile, problemSummary } from "../../src/program/link-files.ts";
import { CASES } from "./link-file-cases.ts";

const FIXTURES = "test/fixtures/links";

/** Every problem of one fixture, formatted as `npm run check` prints it (paths relative to FIXTURES). */
function check(...files: string[]): string[] {
  return loadLinkFiles(files, FIXTURES).problems.map(formatProblem);
}

/**
 * Every invalid fixture file, with its case: one test per file, so a file with no case fails (it
 * has problems, the placeholder expects none); a case with no file fails "every problem of every
 * file in one run".
 */
const INVALID_FIXTURES = readdirSync(FIXTURES)
  .filter((name) => name.endsWith(".yaml") && !name.startsWith("valid-"))
  .map((name) => name.replace(/\.yaml$/, ""))
  .map((fixture) => CASES.find((c) => c.fixture === fixture) ?? { fixture, behaviour: "has a pinned case in CASES", expected: [] });

describe("loadLinkFiles", () => {
  it.each(INVALID_FIXTURES)("$behaviour ($fixture)", ({ fixture, expected }) => {
    expect(check(`${fixture}.yaml`)).toEqual(expected);
  });

  it("reads a link of every mode, normalised, with no problem", () => {
    const { links, problems } = loadLinkFiles(["valid-every-mode.yaml"], FIXTURES);
    expect(problems).toEqual([]);
    expect(links.map((link) => `${link.name}@${link.line}`)).toEqual([
      "fixed-limited@5",
      "open-reusable@11",
      "one-shot@18",
      "capped@24",
      "window@29",
      "members@36",
    ]);
    expect(links[1]?.spec).toMatchObject({ min_amount: "100.50", max_amount: "50000.00", currency: "DZD", status: "active" });
    expect(links[4]?.spec).toMatchObject({ amount: "2500.50", starts_at: "2027-03-01T08:00:00.000Z", ends_at: "2027-03-31T22:59:59.000Z" });
  });

  it("reads every field, folded text and provider settings included", () => {
    const { links, problems } = loadLinkFiles(["valid-all-fields.yaml"], FIXTURES);
    expect(problems).toEqual([]);
    expect(links[0]?.spec).toMatchObject({ description: "One table of eight, dinner included.", status: "paused", on_terminal: "recreate" });
  });

  it("reads a link declared through a YAML alias", () => {
    const { links, problems } = loadLinkFiles(["valid-anchors.yaml"], FIXTURES);
    expect(problems).toEqual([]);
    expect(links.map((link) => link.name)).toEqual(["first", "second"]);
  });

  it("reports a name declared in two files of the stack, and keeps only the first", () => {
    const { links, problems } = loadLinkFiles(["duplicate-across-files/a.yaml", "duplicate-across-files/b.yaml"], FIXTURES);
    expect(problems.map(formatProblem)).toEqual([
      "duplicate-across-files/b.yaml:8:3: links.voucher: duplicate link name: already declared at duplicate-across-files/a.yaml:2:3",
    ]);
    expect(links.map((link) => `${link.file}:${link.name}`)).toEqual(["duplicate-across-files/a.yaml:voucher", "duplicate-across-files/b.yaml:other"]);
  });

  it("reports every problem of every file in one run", () => {
    const all = CASES.map((c) => `${c.fixture}.yaml`);
    const problems = loadLinkFiles(all, FIXTURES).problems;
    const lines = problems.map(formatProblem);
    // Each file's own problems, plus the names the fixtures share (most call their link `voucher`).
    const pinned = new Set(CASES.flatMap((c) => c.expected));
    const acrossFiles = lines.filter((line) => !pinned.has(line));
    expect(lines.filter((line) => pinned.has(line))).toEqual(CASES.flatMap((c) => c.expected));
    expect(acrossFiles.length).toBeGreaterThan(0);
    for (const line of acrossFiles) expect(line).toMatch(/: links\.(voucher|donation): duplicate link name: already declared at [a-z-]+\.yaml:\d+:3$/);
    expect(problemSummary(problems)).toBe(`${problems.length} problems in ${CASES.length} files`);
  });

  it("reports a file it cannot read as a problem of that file", () => {
    expect(check("no-such-file.yaml")).toEqual([expect.stringMatching(/^no-such-file\.yaml:1:1: \(file\): cannot read the file: ENOENT/)]);
  });
});

describe("the README example", () => {
  it("parses clean", () => {
    const readme = readFileSync("README.md", "utf8");
    const section = readme.slice(readme.indexOf("## Declaring links"), readme.indexOf("\n## ", readme.indexOf("## Declaring links") + 1));
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(yaml).toBeDefined();
    const { links, problems } = parseLinkFile("README.md", yaml ?? "");
    expect(problems.map(formatProblem)).toEqual([]);
    expect(links.map((link) => link.name)).toEqual(["voucher-10k"]);
  });
});
