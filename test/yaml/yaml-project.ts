// A temp project whose program is Pulumi YAML (`runtime: yaml`), declaring links as
// mytpe:index:PaymentLink served by the package's plugin folder, against the sandbox (not a test
// file itself). The project, stack and sandbox are the end-to-end harness's (temp-project.ts).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePulumiCli } from "../../src/cli/pulumi-cli.ts";
import { createE2eProject, type E2eProject } from "../harness/temp-project.ts";

export type YamlResources = Record<string, { type: string; properties: Record<string, unknown>; options?: Record<string, unknown> }>;

export interface YamlProject extends E2eProject {
  /** Writes Pulumi.yaml with these resources (and an output `url` per PaymentLink). */
  writeProgram(resources: YamlResources): void;
}

/** A PaymentLink resource on the sandbox's ready instance. */
export function paymentLink(project: E2eProject, properties: Record<string, unknown>, options?: Record<string, unknown>): YamlResources[string] {
  return {
    type: "mytpe:index:PaymentLink",
    properties: { paymentInstanceId: project.sandbox.instances.ready, ...properties },
    ...(options ? { options } : {}),
  };
}

/** The program text: JSON is YAML, so the resources are written as JSON. */
export function yamlProgram(resources: YamlResources): string {
  const outputs = Object.fromEntries(
    Object.entries(resources)
      .filter(([, resource]) => resource.type === "mytpe:index:PaymentLink")
      .map(([name]) => [`${name}Url`, `\${${name}.url}`]),
  );
  return [
    "name: mytpe-links",
    "runtime: yaml",
    "stackConfigDir: stacks",
    "plugins:",
    "  providers:",
    "    - name: mytpe",
    "      path: ./node_modules/mytpe-links/plugin",
    `resources: ${JSON.stringify(resources)}`,
    `outputs: ${JSON.stringify(outputs)}`,
    "",
  ].join("\n");
}

export async function createYamlProject(options: Parameters<typeof createE2eProject>[0] = {}): Promise<YamlProject> {
  // The YAML language host, built once beside the CLI (`mytpe-links setup` does the same).
  await ensurePulumiCli(undefined, { yaml: true });
  const project = await createE2eProject(options);
  return { ...project, writeProgram: (resources) => writeFileSync(join(project.dir, "Pulumi.yaml"), yamlProgram(resources)) };
}
