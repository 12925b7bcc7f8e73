// `npx tsx scripts/bench-yaml.ts [LINKS]`: one bench line (issue 22): `pulumi up` creating LINKS
// links (default 500) from a Pulumi YAML program through the plugin, and the same links from
// declareLinks() through the dynamic provider, in one run, against the in-process sandbox, with
// checkpoints skipped as the project's commands run Pulumi. Markdown on stdout, progress on stderr.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ensurePulumiCli } from "../src/cli/pulumi-cli.ts";
import { createE2eProject, linksYaml, type E2eProject } from "../test/harness/temp-project.ts";
import { yamlProgram, type YamlResources } from "../test/yaml/yaml-project.ts";
import { pluginProps } from "../src/plugin/plugin-names.ts";

const size = Number(process.argv[2] ?? 500);
const progress = (line: string) => process.stderr.write(`bench-yaml: ${line}\n`);
const fields = (index: number) => ({ title: `Voucher ${index}`, amount_mode: "fixed", amount: 1000 + index, usage_mode: "reusable" });
const env = { PULUMI_SKIP_CHECKPOINTS: "true" };

async function timedUp(project: E2eProject, what: string): Promise<{ ms: number; links: number }> {
  progress(`${what}: pulumi up of ${size} links`);
  const result = await project.run(["up", "--yes", "--skip-preview"], { env });
  return { ms: result.ms, links: project.sandbox.links().length };
}

await ensurePulumiCli(progress, { yaml: true });
const rows: string[] = [];
for (const entry of ["declareLinks (dynamic provider)", "Pulumi YAML (plugin)"] as const) {
  const project = await createE2eProject({ env, persist: false });
  try {
    const names = Array.from({ length: size }, (_, index) => `link-${index}`);
    if (entry.startsWith("Pulumi YAML")) {
      const resources: YamlResources = Object.fromEntries(
        names.map((name, index) => [name, { type: "mytpe:index:PaymentLink", properties: { paymentInstanceId: project.sandbox.instances.ready, ...pluginProps(fields(index)) } }]),
      );
      writeFileSync(join(project.dir, "Pulumi.yaml"), yamlProgram(resources));
    } else {
      project.writeLinks(linksYaml(project.sandbox.instances.ready, Object.fromEntries(names.map((name, index) => [name, fields(index)]))));
    }
    const { ms, links } = await timedUp(project, entry);
    if (links !== size) throw new Error(`${entry}: ${links} links live, expected ${size}`);
    rows.push(`| ${entry} | ${size} | ${(ms / 1000).toFixed(1)} s | ${(size / (ms / 1000)).toFixed(1)} links/s |`);
  } finally {
    await project.dispose();
  }
}
process.stdout.write(["| program | links | `pulumi up` | rate |", "| --- | ---: | ---: | ---: |", ...rows, ""].join("\n"));
