// The README's Pulumi YAML program, run as written (its project name aside) through the real CLI
// against the sandbox: the README stays true.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../harness/temp-project.ts";
import { createYamlProject } from "./yaml-project.ts";
import { stepTimeout } from "../harness/step-timeout.ts";

const STEP = stepTimeout(5_000);

const HEADING = "## Other Pulumi languages: the provider plugin";

describe("the README's Pulumi YAML example", () => {
  it(
    "provisions its link and exports its URL",
    async () => {
      const readme = readFileSync(join(REPO, "README.md"), "utf8");
      const section = readme.slice(readme.indexOf(HEADING), readme.indexOf("\n## ", readme.indexOf(HEADING) + 1));
      const program = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
      expect(program).toContain("runtime: yaml");

      const project = await createYamlProject();
      try {
        // The harness's project and stack: its name, and its stack files under stacks/.
        writeFileSync(join(project.dir, "Pulumi.yaml"), program.replace(/^name: .*$/m, "name: mytpe-links\nstackConfigDir: stacks"));
        await project.run(["up", "--yes", "--skip-preview"]);
        const [link] = project.sandbox.links();
        expect(link).toMatchObject({ title: "Spring voucher", max_uses: 500, status: "active" });
        const url = JSON.parse((await project.run(["stack", "output", "url", "--json"])).stdout) as string;
        expect(url).toBe(`${project.sandbox.payUrl}/${link!.slug}`);
      } finally {
        await project.dispose();
      }
    },
    STEP,
  );
});
