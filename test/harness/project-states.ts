// Temp projects (temp-project.ts) for one vitest test, in the state the test names: each test sets
// up what it needs with these, never through another test's side effects, and the project is
// disposed when the test ends, pass or fail. Vitest only: the scripts use temp-project.ts.
import { onTestFinished } from "vitest";
import { createE2eProject, linksYaml, type E2eProject } from "./temp-project.ts";

export type ProjectOptions = NonNullable<Parameters<typeof createE2eProject>[0]>;
export type Declared = Record<string, Record<string, unknown>>;

/** Disposes `project` when the running test ends. */
export function disposedWithTest<P extends { dispose(): Promise<void> }>(project: P): P {
  onTestFinished(() => project.dispose());
  return project;
}

/** A project with stack `test` and nothing deployed, for the running test. */
export async function freshProject(options: ProjectOptions = {}): Promise<E2eProject> {
  return disposedWithTest(await createE2eProject(options));
}

/**
 * A project for the running test whose `links` (links/links.yaml, on the sandbox's ready instance)
 * one `pulumi up` has made.
 */
export async function projectWithLinks(links: Declared, options: ProjectOptions = {}): Promise<E2eProject> {
  const project = await freshProject(options);
  await upWithLinks(project, links);
  return project;
}

/** Declares `links` (replacing links/) and runs `pulumi up` on them. */
export async function upWithLinks(project: E2eProject, links: Declared): Promise<void> {
  project.writeLinks(linksYaml(project.sandbox.instances.ready, links));
  await project.run(["up", "--yes", "--skip-preview"]);
}
