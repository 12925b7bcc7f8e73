// A link the platform ended (a one-shot link once paid), end to end through the real CLI and the
// sandbox's pay endpoint: left alone by default, replaced when declared `on_terminal: recreate`.
import { describe, expect, it } from "vitest";
import type { Link } from "../../src/sandbox/link.ts";
import { projectWithLinks } from "../harness/project-states.ts";
import type { E2eProject } from "../harness/temp-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(26_000);
const oneShot = (title: string, extra: Record<string, unknown> = {}) => ({ title, amount_mode: "fixed", amount: 1000, usage_mode: "one_shot", ...extra });
const titled = (project: E2eProject, title: string): Link[] => project.sandbox.links().filter((link) => link.title === title);

/** Pays the one link titled `title` once, which ends a one-shot link. */
async function spend(project: E2eProject, title: string): Promise<void> {
  const [link] = titled(project, title);
  expect((await project.api("POST", `/sandbox/links/${link!.id}/pay`, { payer: "customer@example.com" })).status).toBe(201);
  expect(titled(project, title).map((one) => one.status)).toEqual(["exhausted"]);
}

describe("a one-shot link once paid", () => {
  it(
    "is left alone: up, and refresh then up, make no write and create nothing",
    async () => {
      const project = await projectWithLinks({ "spent-once": oneShot("Spent once") });
      await spend(project, "Spent once");
      project.sandbox.resetRequests();
      await project.run(["up", "--yes", "--skip-preview"]);
      await project.run(["refresh", "--yes", "--skip-preview"]);
      const up = await project.run(["up", "--yes"]);

      expect(project.sandbox.requests.filter((request) => request.method !== "GET")).toEqual([]);
      expect(titled(project, "Spent once").map((link) => link.status)).toEqual(["exhausted"]);
      expect(up.stdout + up.stderr).toContain("the link is exhausted; accepted");
    },
    STEP,
  );

  it(
    "is replaced by a new live link when declared on_terminal: recreate (an evergreen link)",
    async () => {
      const project = await projectWithLinks({ evergreen: oneShot("Evergreen", { on_terminal: "recreate" }) });
      await spend(project, "Evergreen");
      await project.run(["up", "--yes", "--skip-preview"]);

      expect(
        titled(project, "Evergreen")
          .map((link) => link.status)
          .sort(),
      ).toEqual(["active", "exhausted"]);
    },
    STEP,
  );
});
