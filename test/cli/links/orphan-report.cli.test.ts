// The orphan report of `mytpe-links links`, through the real CLI: a run killed after it created a
// link, whose declaration is then removed, leaves a live, payable link that no state holds; `links`
// names it (exit 3) with what to do, and `release --link` unmarks it. Another project's links, with
// the same stack name on the same payment instance, are never this state's orphans.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { jsonResponse, type Layer } from "../../../src/sandbox/pipeline.ts";
import { disposedWithTest } from "../../harness/project-states.ts";
import { linksYaml } from "../../harness/temp-project.ts";
import { createCliProject } from "./cli-project.ts";
import { stepTimeout } from "../../harness/step-timeout.ts";

const STEP = stepTimeout(19_000);

const FIELDS = { amount_mode: "fixed", amount: 1000, usage_mode: "reusable" };

it(
  "reports a live link marked by the stack that its state does not hold, with the commands that settle it, and release --link unmarks it",
  async () => {
    let hold = false;
    let arrived = false;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // Holds the publish of the new link, so the kill lands after its create whatever the machine's speed.
    const holdingPublish: Layer = async (req, next) => {
      if (!hold || !req.path.endsWith("/publish")) return next(req);
      arrived = true;
      await released;
      return jsonResponse(503, { error: "SERVICE_UNAVAILABLE", message: "Cut off." });
    };
    const project = disposedWithTest(await createCliProject({ layers: [holdingPublish] }));
    const instance = project.sandbox.instances.ready;
    project.writeLinks(linksYaml(instance, { kept: { title: "Kept", ...FIELDS } }));
    await project.run(["up", "--yes", "--skip-preview"]);

    project.writeLinks(linksYaml(instance, { kept: { title: "Kept", ...FIELDS }, dropped: { title: "Dropped", ...FIELDS } }));
    hold = true;
    const killed = await project.pulumi(["up", "--yes", "--skip-preview"], { env: { PULUMI_SKIP_CHECKPOINTS: "true" }, killWhen: () => arrived });
    hold = false;
    release();
    expect(killed.killed).toBe(true);
    await project.pulumi(["cancel", "--yes"]);
    project.writeLinks(linksYaml(instance, { kept: { title: "Kept", ...FIELDS } }));
    await project.run(["up", "--yes", "--skip-preview"]);
    const orphan = project.sandbox.links().find((link) => link.title === "Dropped")!;

    const report = await project.cli(["links"]);
    expect(report.code).toBe(3);
    expect(report.stdout).toContain("1 live link carries a mark of stack test that its state does not hold (payable, managed by nobody):");
    expect(report.stdout).toContain(
      `  ${orphan.id} ${orphan.slug} "Dropped" (draft), marked by dropped: declare dropped again to take it back (add status: archived to stop it), ` +
        `or \`mytpe-links release --link ${orphan.id} --stack test\` to unmark it for adoption elsewhere`,
    );

    const released2 = await project.cli(["release", "--link", orphan.id, "--stack", "test"]);
    expect(released2.code, released2.stderr).toBe(0);
    expect(project.sandbox.links().find((link) => link.id === orphan.id)?.metadata ?? null).toBeNull();
    expect((await project.cli(["links"])).code).toBe(0);
  },
  STEP,
);

it(
  "never reports another project's links with the same stack name on the same payment instance, and release --link refuses them",
  async () => {
    const project = disposedWithTest(await createCliProject());
    const instance = project.sandbox.instances.ready;
    project.writeLinks(linksYaml(instance, { kept: { title: "Kept", ...FIELDS } }));
    await project.run(["up", "--yes", "--skip-preview"]);
    // A second campaign repository: another project, its own stack `test`, the same backend and instance.
    const garden = join(project.dir, "garden");
    mkdirSync(join(garden, "links"), { recursive: true });
    mkdirSync(join(garden, "stacks"));
    writeFileSync(join(garden, "Pulumi.yaml"), readFileSync(join(project.dir, "Pulumi.yaml"), "utf8").replace("name: mytpe-links", "name: garden"));
    writeFileSync(join(garden, "package.json"), readFileSync(join(project.dir, "package.json")));
    writeFileSync(join(garden, "index.js"), readFileSync(join(project.dir, "index.js")));
    symlinkSync(join(project.dir, "node_modules"), join(garden, "node_modules"));
    writeFileSync(join(garden, "links", "links.yaml"), linksYaml(instance, { kept: { title: "Garden", ...FIELDS } }));
    await project.run(["stack", "init", "test"], { cwd: garden });
    await project.run(["up", "--yes", "--skip-preview"], { cwd: garden });
    const theirs = project.sandbox.links().find((link) => link.title === "Garden")!;

    for (const cwd of [project.dir, garden]) {
      const report = await project.cli(["links", "--stack", "test"], { cwd });
      expect(report.code, report.stdout + report.stderr).toBe(0);
      expect(report.stdout).not.toContain("a mark of stack test that its state does not hold");
    }
    const refused = await project.cli(["release", "--link", theirs.id, "--stack", "test"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`link ${theirs.id} carries the mark of resource "kept" of stack test (project garden, state`);
    expect(project.sandbox.links().find((link) => link.id === theirs.id)?.metadata).toEqual(theirs.metadata);
  },
  STEP,
);
