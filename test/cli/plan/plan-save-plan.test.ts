// `mytpe-links plan --save-plan FILE` as the workflow runs it in a fresh checkout: the update plan
// must be saved where it is told, or the command must fail (the apply job needs that file).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runPlan } from "../../../src/cli/plan.ts";
import { fixturePath } from "./preview-fixtures.ts";

describe("mytpe-links plan --save-plan", () => {
  let dir: string;
  let errors: string[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "plan-save-"));
    errors = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("creates the plan file's folder before the preview runs, so Pulumi can write the plan there", async () => {
    let folderAtPreview = false;
    const preview = async () => {
      folderAtPreview = existsSync(join(dir, ".plan"));
      return { code: 0, stdout: readFileSync(fixturePath("no-changes.jsonl"), "utf8") };
    };
    expect(await runPlan(["--stack", "production", "--save-plan", ".plan/update-plan.json"], { cwd: dir, err: (line) => errors.push(line), preview })).toBe(0);
    expect(folderAtPreview).toBe(true);
  });

  it("exits 1 when Pulumi failed after a complete preview, e.g. writing the plan file", async () => {
    const preview = async () => ({ code: 255, stdout: readFileSync(fixturePath("price-change-after-payment.jsonl"), "utf8") });
    expect(await runPlan(["--stack", "production", "--save-plan", "plans/p.json"], { cwd: dir, err: (line) => errors.push(line), preview })).toBe(1);
    expect(errors.at(-1)).toBe("plan: pulumi preview exited 255 after a complete preview: see its error above");
  });
});
