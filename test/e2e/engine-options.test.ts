// Pulumi's resource options on a PaymentLink declared in code, through the real CLI, and
// how they combine with archive-on-delete.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { createE2eProject, type E2eProject } from "../harness/temp-project.ts";

const STEP = 120_000;

/** The program: one PaymentLink per entry of links.json, with its resource options. */
const PROGRAM = `
import { readFileSync } from "node:fs";
import { PaymentLink } from "mytpe-links";
const declared = JSON.parse(readFileSync(new URL("./links.json", import.meta.url), "utf8"));
for (const { name, args, opts } of declared) new PaymentLink(name, args, opts);
`;

describe("resource options on a PaymentLink", () => {
  let project: E2eProject;
  type Declared = { name: string; args: Record<string, unknown>; opts?: Record<string, unknown> };
  const link = (name: string, title: string, opts?: Record<string, unknown>, extra: Record<string, unknown> = {}): Declared => ({
    name,
    args: {
      payment_instance_id: project.sandbox.instances.ready,
      title,
      amount_mode: "fixed",
      amount: 1000,
      usage_mode: "reusable",
      ...extra,
    },
    ...(opts ? { opts } : {}),
  });
  const declare = (links: Declared[]) => writeFileSync(join(project.dir, "links.json"), JSON.stringify(links));
  const titled = (title: string): Link[] => project.sandbox.links().filter((one) => one.title === title);
  const writes = () => project.sandbox.requests.filter((request) => request.method !== "GET");

  beforeAll(async () => {
    project = await createE2eProject({ program: PROGRAM });
    declare([
      link("kept", "Protected", { protect: true }),
      link("retained", "Retained", { retainOnDelete: true }),
      link("ignored", "Ignored title", { ignoreChanges: ["title"] }),
      link("swapped", "Delete before replace", { deleteBeforeReplace: true }),
    ]);
    await project.run(["up", "--yes", "--skip-preview"]);
    expect(project.sandbox.links().map((one) => one.status)).toEqual(["active", "active", "active", "active"]);
  }, 20 * 60_000);
  afterAll(async () => project?.dispose());

  it("ignoreChanges keeps the live value: no update is sent", async () => {
    declare([
      link("kept", "Protected", { protect: true }),
      link("retained", "Retained", { retainOnDelete: true }),
      link("ignored", "A new title", { ignoreChanges: ["title"] }),
      link("swapped", "Delete before replace", { deleteBeforeReplace: true }),
    ]);
    project.sandbox.resetRequests();
    await project.run(["up", "--yes", "--skip-preview"]);
    expect(writes()).toEqual([]);
    expect(titled("Ignored title")).toHaveLength(1);
  }, STEP);

  it("deleteBeforeReplace archives the paid link before creating its replacement", async () => {
    const [old] = titled("Delete before replace");
    await project.api("POST", `/sandbox/links/${old!.id}/pay`, {});
    declare([
      link("kept", "Protected", { protect: true }),
      link("retained", "Retained", { retainOnDelete: true }),
      link("ignored", "A new title", { ignoreChanges: ["title"] }),
      link("swapped", "Delete before replace", { deleteBeforeReplace: true }, { amount: 1200 }),
    ]);
    project.sandbox.resetRequests();
    await project.run(["up", "--yes", "--skip-preview"]);

    expect(writes().map((request) => request.route)).toEqual(["POST /links/{id}/archive", "POST /links", "POST /links/{id}/publish"]);
    expect(titled("Delete before replace").map((one) => [one.amount, one.status]).sort()).toEqual([
      ["1000.00", "archived"],
      ["1200.00", "active"],
    ]);
  }, STEP);

  it("retainOnDelete leaves a removed link live: forgotten, not archived", async () => {
    declare([
      link("kept", "Protected", { protect: true }),
      link("ignored", "A new title", { ignoreChanges: ["title"] }),
      link("swapped", "Delete before replace", { deleteBeforeReplace: true }, { amount: 1200 }),
    ]);
    await project.run(["up", "--yes", "--skip-preview"]);
    expect(titled("Retained")[0]?.status).toBe("active");
    const state = await project.exportStack();
    expect(state.deployment.resources.some((resource) => resource.urn.endsWith("::retained"))).toBe(false);
  }, STEP);

  it("protect makes a plan that would archive the link fail, and the link stays live", async () => {
    declare([
      link("ignored", "A new title", { ignoreChanges: ["title"] }),
      link("swapped", "Delete before replace", { deleteBeforeReplace: true }, { amount: 1200 }),
    ]);
    project.sandbox.resetRequests();
    const result = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(/protect/i);
    expect(titled("Protected")[0]?.status).toBe("active");
    expect(writes().filter((request) => request.route === "POST /links/{id}/archive")).toEqual([]);
  }, STEP);
});
