// Every action the workflows use is pinned to a full commit SHA with its release tag in a comment
// (a tag can be moved to other code; a commit cannot), Dependabot proposes the bumps, every job
// has a timeout and every step runs with bash -eo pipefail (issue 28). Whether each SHA is the
// commit of its tag was checked when pinning (git rev-parse in mirrors of the action repositories);
// GitHub cannot be reached from here, so the tests hold the form and the consistency.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { workflowFiles } from "../../scripts/actionlint.ts";
import { REPO } from "../harness/temp-project.ts";
import { readWorkflow, TEMPLATE_WORKFLOW } from "../team/workflow-player.ts";

const WORKFLOWS = [...workflowFiles().map((file) => join(REPO, file)), TEMPLATE_WORKFLOW];
/** `uses: owner/repo[/path]@<40 hex> # v1.2.3`, nothing else. */
const PINNED = /^\s*(?:- )?uses: ([\w.-]+\/[\w.-]+(?:\/[\w./-]+)?)@([0-9a-f]{40}) # (v\d+\.\d+\.\d+)$/;

describe("the workflows' actions", () => {
  it.each(WORKFLOWS)("are each pinned to a full commit SHA, the release tag in a comment: %s", (file) => {
    const uses = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => /^\s*(- )?uses:/.test(line));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect(line, line).toMatch(PINNED);
  });

  it("use one commit per action, everywhere", () => {
    const pins = new Map<string, Set<string>>();
    for (const file of WORKFLOWS) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        const match = PINNED.exec(line);
        if (match) pins.set(match[1]!, (pins.get(match[1]!) ?? new Set()).add(`${match[2]} ${match[3]}`));
      }
    }
    expect([...pins].filter(([, versions]) => versions.size > 1)).toEqual([]);
    expect([...pins.keys()].sort()).toEqual([
      "actions/attest-build-provenance",
      "actions/checkout",
      "actions/download-artifact",
      "actions/github-script",
      "actions/setup-node",
      "actions/upload-artifact",
      "pulumi/actions",
    ]);
  });

  it.each([join(REPO, ".github", "dependabot.yml"), join(REPO, "templates", "campaign", ".github", "dependabot.yml")])(
    "are bumped by Dependabot: %s",
    (file) => {
      const config = parse(readFileSync(file, "utf8")) as { version: number; updates: { "package-ecosystem": string; directory: string }[] };
      expect(config.version).toBe(2);
      expect(config.updates).toContainEqual(expect.objectContaining({ "package-ecosystem": "github-actions", directory: "/" }));
    },
  );
});

describe("the campaign workflow's jobs", () => {
  const workflow = readWorkflow();

  it("each stop after a timeout, none longer than an hour", () => {
    const timeouts = Object.fromEntries(Object.entries(workflow.jobs).map(([id, job]) => [id, job["timeout-minutes"]]));
    for (const [id, minutes] of Object.entries(timeouts)) {
      expect(typeof minutes, id).toBe("number");
      expect(minutes, id).toBeLessThanOrEqual(60);
    }
  });

  it("run every step with bash -eo pipefail, none with another shell", () => {
    expect(workflow.defaults).toEqual({ run: { shell: "bash" } });
    for (const job of Object.values(workflow.jobs)) for (const step of job.steps) expect((step as { shell?: string }).shell).toBeUndefined();
  });
});
