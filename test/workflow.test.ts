// The GitOps workflow passes actionlint (built from the Go module proxy; without Go this fails,
// it does not skip), and the linter is real: a broken workflow is reported.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lintWorkflows, workflowFiles } from "../scripts/actionlint.ts";

describe("the GitHub Actions workflows", () => {
  it("have no actionlint finding", () => {
    const files = workflowFiles();
    expect(files).toContain(".github/workflows/links.yml");
    const { code, findings } = lintWorkflows(files);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  }, 300_000);

  it("are linted for real: an unknown context and a bad runner label are reported", () => {
    const dir = mkdtempSync(join(tmpdir(), "actionlint-"));
    try {
      mkdirSync(join(dir, ".github", "workflows"), { recursive: true });
      writeFileSync(
        join(dir, ".github", "workflows", "broken.yml"),
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latst\n    steps:\n      - run: echo ${{ secretz.TOKEN }}\n",
      );
      const { code, findings } = lintWorkflows([".github/workflows/broken.yml"], dir);
      expect(code).not.toBe(0);
      expect(findings.join("\n")).toMatch(/secretz/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
