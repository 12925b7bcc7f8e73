// Pulumi's resource options on a PaymentLink declared in code, through the real CLI, and
// how they combine with archive-on-delete. Each test has a project of its own.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { freshProject } from "../harness/project-states.ts";
import type { E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(24_000);

/** The program: one PaymentLink per entry of links.json, with its resource options. */
const PROGRAM = `
import { readFileSync } from "node:fs";
import { PaymentLink } from "mytpe-links";
const declared = JSON.parse(readFileSync(new URL("./links.json", import.meta.url), "utf8"));
for (const { name, args, opts } of declared) new PaymentLink(name, args, opts);
`;

type Declared = { name: string; title: string; opts?: Record<string, unknown>; amount?: number };

const declare = (project: E2eProject, links: Declared[]) =>
  writeFileSync(
    join(project.dir, "links.json"),
    JSON.stringify(
      links.map(({ name, title, opts, amount = 1000 }) => ({
        name,
        args: { payment_instance_id: project.sandbox.instances.ready, title, amount_mode: "fixed", amount, usage_mode: "reusable" },
        ...(opts ? { opts } : {}),
      })),
    ),
  );
const titled = (project: E2eProject, title: string): Link[] => project.sandbox.links().filter((one) => one.title === title);
const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);

/** A project whose PaymentLinks in code, `links`, one `pulumi up` has made. */
async function projectWithCodeLinks(links: Declared[]): Promise<E2eProject> {
  const project = await freshProject({ program: PROGRAM });
  declare(project, links);
  await project.run(["up", "--yes", "--skip-preview"]);
  expect(project.sandbox.links().map((one) => one.status)).toEqual(links.map(() => "active"));
  return project;
}

describe("resource options on a PaymentLink", () => {
  it(
    "ignoreChanges keeps the live value: no update is sent",
    async () => {
      const project = await projectWithCodeLinks([{ name: "ignored", title: "Ignored title", opts: { ignoreChanges: ["title"] } }]);
      declare(project, [{ name: "ignored", title: "A new title", opts: { ignoreChanges: ["title"] } }]);
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(writes(project)).toEqual([]);
      expect(titled(project, "Ignored title")).toHaveLength(1);
    },
    STEP,
  );

  it(
    "deleteBeforeReplace flags and archives the paid link before creating its replacement",
    async () => {
      const swapped = { name: "swapped", title: "Delete before replace", opts: { deleteBeforeReplace: true } };
      const project = await projectWithCodeLinks([swapped]);
      const [old] = titled(project, "Delete before replace");
      expect((await project.api("POST", `/sandbox/links/${old!.id}/pay`, {})).status).toBe(201);
      declare(project, [{ ...swapped, amount: 1200 }]);
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview"]);

      // The flag in its mark (a metadata PUT) says a replacement is owed, should the run be killed
      // before the new link exists (test/e2e/replacements.test.ts).
      expect(writes(project)).toEqual(["PUT /links/{id}", "POST /links/{id}/archive", "POST /links", "POST /links/{id}/publish"]);
      expect(
        titled(project, "Delete before replace")
          .map((one) => [one.amount, one.status])
          .sort(),
      ).toEqual([
        ["1000.00", "archived"],
        ["1200.00", "active"],
      ]);
    },
    STEP,
  );

  it(
    "retainOnDelete leaves a removed link live: forgotten, not archived",
    async () => {
      const kept = { name: "kept", title: "Kept" };
      const project = await projectWithCodeLinks([{ name: "retained", title: "Retained", opts: { retainOnDelete: true } }, kept]);
      declare(project, [kept]);
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(titled(project, "Retained")[0]?.status).toBe("active");
      const state = await project.exportStack();
      expect(state.deployment.resources.some((resource) => resource.urn.endsWith("::retained"))).toBe(false);
    },
    STEP,
  );

  it(
    "retainOnDelete with a replacement: the preview says the old URL stays payable, and it does",
    async () => {
      const retained = { name: "retained", title: "Retained", opts: { retainOnDelete: true } };
      const project = await projectWithCodeLinks([retained]);
      const [old] = titled(project, "Retained");
      expect((await project.api("POST", `/sandbox/links/${old!.id}/pay`, {})).status).toBe(201);
      declare(project, [{ ...retained, amount: 1200 }]);
      const preview = await project.run(["preview"]);
      expect(preview.stdout).toContain("retainOnDelete keeps it live: its URL stays payable, managed by nobody");
      expect(preview.stdout).not.toContain("stops accepting payments");
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(
        titled(project, "Retained")
          .map((one) => [one.amount, one.status])
          .sort(),
      ).toEqual([
        ["1000.00", "active"],
        ["1200.00", "active"],
      ]);
    },
    STEP,
  );

  it(
    "protect makes a plan that would archive the link fail, and the link stays live",
    async () => {
      const kept = { name: "kept", title: "Kept" };
      const project = await projectWithCodeLinks([{ name: "protected", title: "Protected", opts: { protect: true } }, kept]);
      declare(project, [kept]);
      project.sandbox.resetRequests();
      const result = await project.pulumi(["up", "--yes", "--skip-preview"]);

      expect(result.code).not.toBe(0);
      expect(result.stdout + result.stderr).toMatch(/protect/i);
      expect(titled(project, "Protected")[0]?.status).toBe("active");
      expect(writes(project).filter((route) => route === "POST /links/{id}/archive")).toEqual([]);
    },
    STEP,
  );
});
