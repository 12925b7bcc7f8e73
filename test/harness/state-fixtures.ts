// Projects holding state an earlier version wrote (test/fixtures/state/<name>/: a real `pulumi stack
// export`, the sandbox's state file at that moment, and the links.yaml of the last `up`), for the
// tests that read it back with this version (not a test file itself).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PAYMENT_LINK_TYPE } from "../../src/provider/protocol.ts";
import { createE2eProject, REPO, type E2eProject, type StateResource } from "./temp-project.ts";

/** A project holding the fixture `name`'s state and the sandbox as that version left it. */
export async function projectWithFixtureState(name: string): Promise<E2eProject> {
  const fixture = join(REPO, "test", "fixtures", "state", name);
  const project = await createE2eProject({ sandboxState: join(fixture, "sandbox-state.json") });
  project.writeLinks(readFileSync(join(fixture, "links.yaml"), "utf8"));
  await project.run(["stack", "import", "--file", join(fixture, "stack-export.json")]);
  project.sandbox.resetRequests();
  return project;
}

/** The routes of the API writes the sandbox received since its requests were last reset. */
export function apiWrites(project: E2eProject): (string | null)[] {
  return project.sandbox.requests.filter((request) => request.method !== "GET").map((request) => request.route);
}

/** The stack's dynamic PaymentLinks, as its state holds them. */
export async function paymentLinks(project: E2eProject): Promise<StateResource[]> {
  return ((await project.exportStack()).deployment.resources ?? []).filter((resource) => resource.type === PAYMENT_LINK_TYPE);
}
