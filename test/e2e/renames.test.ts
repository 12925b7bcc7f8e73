// Renames keep one owner: after `aliases`, a new parent or `stack rename`, the live link's mark
// follows in the same `up` (a metadata update, nothing else), and a new resource declared later
// under the old name gets a link of its own instead of taking the renamed one's. Through the real CLI.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { freshProject } from "../harness/project-states.ts";
import type { E2eProject } from "../harness/temp-project.ts";
import { markNames, named } from "../harness/marks.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(35_000);
const TYPE = "pulumi-nodejs:dynamic/mytpe:PaymentLink";
const markOf = (project: E2eProject, id: string) => markNames(project.sandbox.links().find((link) => link.id === id)?.metadata?.["_pulumi_link"]);
const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

/** Each entry of links.json is a PaymentLink: its name, title, aliases and, with `parent`, a component parent. */
const PROGRAM = `
import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { PaymentLink } from "mytpe-links";
const declared = JSON.parse(readFileSync(new URL("./links.json", import.meta.url), "utf8"));
for (const { name, title, instance, aliases, parent } of declared) {
  const opts = {};
  if (parent) {
    opts.parent = new pulumi.ComponentResource("shop:Campaign", parent);
    opts.aliases = [{ parent: pulumi.rootStackResource }];
  }
  if (aliases) opts.aliases = aliases;
  new PaymentLink(name, { payment_instance_id: instance, title, amount_mode: "fixed", amount: 1000, usage_mode: "reusable" }, opts);
}
`;

type Declared = { name: string; title: string; aliases?: { name: string }[]; parent?: string };

function declare(project: E2eProject, links: Declared[]): void {
  writeFileSync(join(project.dir, "links.json"), JSON.stringify(links.map((link) => ({ ...link, instance: project.sandbox.instances.ready }))));
}

async function projectWithVoucher(): Promise<{ project: E2eProject; id: string }> {
  const project = await freshProject({ program: PROGRAM });
  declare(project, [{ name: "voucher", title: "Voucher" }]);
  await project.run(["up", "--yes", "--skip-preview"]);
  const [link] = project.sandbox.links();
  expect(markNames(link?.metadata?.["_pulumi_link"])).toEqual(named(`urn:pulumi:test::mytpe-links::${TYPE}::voucher`));
  project.sandbox.resetRequests();
  return { project, id: link!.id };
}

it(
  "a rename with aliases moves the mark in the same up, and a new resource later declared under the old name gets a new link",
  async () => {
    const { project, id } = await projectWithVoucher();
    declare(project, [{ name: "gift", title: "Voucher", aliases: [{ name: "voucher" }] }]);
    await project.run(["up", "--yes", "--skip-preview"]);
    expect(writes(project)).toEqual(["PUT /links/{id}"]);
    expect(markOf(project, id)).toEqual(named(`urn:pulumi:test::mytpe-links::${TYPE}::gift`));

    // (Pulumi refuses an alias to a name the same program also declares: this is a later run.)
    declare(project, [
      { name: "gift", title: "Voucher", aliases: [{ name: "voucher" }] },
      { name: "voucher", title: "Voucher" },
    ]);
    await project.run(["up", "--yes", "--skip-preview"]);

    const links = project.sandbox.links();
    expect(links.map((link) => link.status)).toEqual(["active", "active"]);
    expect(markOf(project, id)).toEqual(named(`urn:pulumi:test::mytpe-links::${TYPE}::gift`));
    const fresh = links.find((link) => link.id !== id)!;
    expect(markNames(fresh.metadata?.["_pulumi_link"])).toEqual(named(`urn:pulumi:test::mytpe-links::${TYPE}::voucher`));
    const state = (await project.exportStack()).deployment.resources.filter((resource) => resource.type === TYPE);
    expect(state.map((resource) => [resource.urn.split("::").pop(), resource.id]).sort()).toEqual([
      ["gift", id],
      ["voucher", fresh.id],
    ]);
  },
  STEP,
);

it(
  "a new parent (with an alias to the old place) moves the mark: one link, same id, no other change",
  async () => {
    const { project, id } = await projectWithVoucher();
    declare(project, [{ name: "voucher", title: "Voucher", parent: "spring" }]);
    const preview = await project.run(["preview"]);
    expect(preview.stdout).toContain("renamed from urn:pulumi:test::mytpe-links::pulumi-nodejs:dynamic/mytpe:PaymentLink::voucher; the link's mark follows");
    await project.run(["up", "--yes", "--skip-preview"]);

    expect(writes(project)).toEqual(["PUT /links/{id}"]);
    expect(project.sandbox.links().map((link) => link.id)).toEqual([id]);
    expect(markOf(project, id)).toEqual(named(`urn:pulumi:test::mytpe-links::shop:Campaign$${TYPE}::voucher`));
  },
  STEP,
);

it(
  "after pulumi stack rename, the next up moves the mark to the new stack's URN",
  async () => {
    const { project, id } = await projectWithVoucher();
    await project.run(["stack", "rename", "renamed"]);
    await project.run(["up", "--yes", "--skip-preview"]);

    expect(writes(project)).toEqual(["PUT /links/{id}"]);
    expect(project.sandbox.links().map((link) => link.id)).toEqual([id]);
    expect(markOf(project, id)).toEqual(named(`urn:pulumi:renamed::mytpe-links::${TYPE}::voucher`));
    project.sandbox.resetRequests();
    await project.run(["up", "--yes", "--skip-preview", "--expect-no-changes"]);
    expect(writes(project)).toEqual([]);
  },
  STEP,
);
