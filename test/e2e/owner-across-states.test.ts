// One owner across states: a second state with the same project and stack names — another backend,
// a laptop stack named like production, a stack deleted and made again — takes none of the first's
// links and its destroy archives none of them; a gone state's links are taken only explicitly
// (MYTPE_TAKE_FROM). Through the real CLI, against one sandbox.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { localBackendUrl } from "../../src/cli/pulumi-env.ts";
import { parseMark } from "../../src/provider/owner-mark.ts";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { projectWithLinks } from "../harness/project-states.ts";
import type { E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(34_000);
const LINKS = {
  voucher: { title: "Voucher", amount_mode: "fixed", amount: 1000, usage_mode: "reusable" },
  gift: { title: "Gift", amount_mode: "fixed", amount: 2500, usage_mode: "reusable" },
};
const writes = (project: E2eProject) => project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);
const links = (project: E2eProject) => project.sandbox.links().map((link) => ({ id: link.id, status: link.status, mark: link.metadata?.["_pulumi_link"] }));
const ownerOf = async (project: E2eProject, env: Record<string, string> = {}) => {
  const state = await project.run(["stack", "export"], { env });
  const resources = (JSON.parse(state.stdout) as { deployment: { resources: { type: string; outputs?: Record<string, unknown> }[] } }).deployment.resources;
  return resources.find((resource) => resource.type === PAYMENT_LINK_TYPE)?.outputs?.["owner"];
};

/** A second backend for the same project (the file backend of a laptop), its stack `test` made. */
async function secondBackend(project: E2eProject): Promise<{ env: Record<string, string> }> {
  mkdirSync(join(project.dir, ".laptop"));
  const other = { env: { PULUMI_BACKEND_URL: localBackendUrl(join(project.dir, ".laptop")) } };
  await project.run(["stack", "init", "test"], other);
  return other;
}

describe("a second state with the same project and stack names", () => {
  it(
    "takes nothing: its preview and up refuse its links, naming the state that owns them and what to do, and write nothing",
    async () => {
      const project = await projectWithLinks(LINKS);
      const owner = await ownerOf(project);
      const before = links(project);
      const laptop = await secondBackend(project);
      project.sandbox.resetRequests();

      const preview = await project.pulumi(["preview"], laptop);
      expect(preview.code).not.toBe(0);
      // The engine stops the preview at the first refusal: one of the two links is named.
      expect(preview.stdout).toMatch(
        new RegExp(
          `already carries this resource's name, marked by another state \\(resource "(voucher|gift)" of stack test \\(project mytpe-links, state ${String(owner)}\\)\\)`,
        ),
      );
      expect(preview.stdout).toContain(`MYTPE_TAKE_FROM=${String(owner)}`);
      const up = await project.pulumi(["up", "--yes"], laptop);
      expect(up.code).not.toBe(0);
      expect(writes(project)).toEqual([]);
      expect(links(project)).toEqual(before);
    },
    STEP,
  );

  it(
    "archives nothing of the first state on destroy, and the first state's next up changes nothing",
    async () => {
      const project = await projectWithLinks(LINKS);
      const before = links(project);
      const laptop = await secondBackend(project);
      await project.pulumi(["up", "--yes"], laptop);
      await project.run(["destroy", "--yes"], laptop);
      expect(links(project)).toEqual(before);

      project.sandbox.resetRequests();
      const preview = await project.pulumi(["preview", "--expect-no-changes"]);
      expect(preview.code, preview.stdout).toBe(0);
      expect(writes(project)).toEqual([]);
    },
    STEP,
  );

  it(
    "takes a gone state's links only when MYTPE_TAKE_FROM names it: the same links, re-marked as its own, no new link",
    async () => {
      const project = await projectWithLinks(LINKS);
      const gone = String(await ownerOf(project));
      const before = links(project);
      // The stack deleted with its state (or a first run stopped before it recorded anything): its links stay live.
      await project.run(["stack", "rm", "test", "--yes", "--force"]);
      await project.run(["stack", "init", "test"]);
      expect((await project.pulumi(["up", "--yes"])).code).not.toBe(0);
      project.sandbox.resetRequests();

      const taken = await project.run(["up", "--yes"], { env: { MYTPE_TAKE_FROM: gone } });
      expect(taken.stdout).toContain(`marked by state ${gone} (MYTPE_TAKE_FROM), instead of creating one`);
      const owner = String(await ownerOf(project));
      expect(owner).not.toBe(gone);
      expect(links(project).map(({ id, status }) => ({ id, status }))).toEqual(before.map(({ id, status }) => ({ id, status })));
      for (const link of links(project)) expect(parseMark(link.mark as string)?.owner).toBe(owner);
      expect(writes(project).filter((route) => route === "POST /links")).toEqual([]);

      const preview = await project.pulumi(["preview", "--expect-no-changes"]);
      expect(preview.code, preview.stdout).toBe(0);
    },
    STEP,
  );
});
