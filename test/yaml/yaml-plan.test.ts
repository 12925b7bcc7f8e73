// `mytpe-links plan` on a stack whose program is Pulumi YAML (links of the plugin's type,
// mytpe:index:PaymentLink): the reviewer's comment names each link and the replacement of a
// repriced paid link, as for a stack of dynamic PaymentLinks.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { disposedWithTest } from "../harness/project-states.ts";
import { REPO } from "../harness/temp-project.ts";
import { createYamlProject, paymentLink } from "./yaml-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(9_000);

it(
  "plans a YAML stack: the repriced paid link shown as replaced, the other as unchanged",
  async () => {
    const project = disposedWithTest(await createYamlProject());
    const voucher = (amount: number) => paymentLink(project, { title: "Voucher", amountMode: "fixed", amount, usageMode: "reusable" });
    const steady = paymentLink(project, { title: "Steady", amountMode: "fixed", amount: 500, usageMode: "reusable" });
    project.writeProgram({ voucher: voucher(1000), steady });
    await project.run(["up", "--yes", "--skip-preview"]);
    const paid = project.sandbox.links().find((link) => link.title === "Voucher")!;
    expect((await project.api("POST", `/sandbox/links/${paid.id}/pay`, {})).status).toBe(201);

    project.writeProgram({ voucher: voucher(1200), steady });
    const preview = await project.pulumi(["preview", "--json"]);
    writeFileSync(join(project.dir, "preview.json"), preview.stdout);
    const plan = spawnSync(process.execPath, [join(REPO, "dist", "cli", "main.js"), "plan", "--from", "preview.json"], { cwd: project.dir, encoding: "utf8" });
    // Exit 2: the plan has changes (0 none, 1 error).
    expect(plan.status, plan.stderr).toBe(2);

    const json = JSON.parse(readFileSync(join(project.dir, ".plan", "plan.json"), "utf8")) as { counts: { changed: number; unchanged: number } };
    expect(json.counts).toMatchObject({ changed: 1, unchanged: 1 });
    const markdown = readFileSync(join(project.dir, ".plan", "plan.md"), "utf8");
    expect(markdown).toContain("voucher");
    expect(markdown).toMatch(/replace/i);
    // The plan reads the plugin's camelCase state by the fields' wire names: the money moved.
    expect(markdown).toMatch(/\*\*amount\*\*: `1,000\.00 DZD` → `1,200\.00 DZD`/);
  },
  STEP,
);
