// The package's public declarations in a user's own `tsc`: a project shaped as `pulumi new
// typescript` makes it (its stock tsconfig.json, no skipLibCheck) installs the packed tarball
// outside the repository and type-checks code that uses every public export, the policy entry
// included (issue #23: zod's declaration files failed such a compilation).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumerPackageJson, createConsumer, NPM_INSTALL_FLAGS, REPO_PACKAGE, type CommandResult, type Consumer } from "./consumer-project.ts";
import { PULUMI_NEW_TSCONFIG } from "./typescript-project.ts";

// npm install, then one `tsc` (about a minute on a busy 2-core machine).
const SETUP = 7 * 60_000;

const INDEX_TS = `import {
  checkLink,
  declareLinks,
  LinkDeclarationError,
  PaymentLink,
  PAYMENT_LINK_TYPE,
  type DeclaredLink,
  type Link,
  type LinkProblem,
  type LinkSpec,
  type LinkSpecInput,
  type PaymentLinkArgs,
} from "mytpe-links";
import { amountCeiling, ceilingFor, DEFAULT_MAX_AMOUNT, policies } from "mytpe-links/policy";

const voucher: LinkSpecInput = {
  payment_instance_id: "9d6a1f3c-2b7e-4d0a-8c5f-1e2d3c4b5a69",
  title: "Spring voucher",
  amount_mode: "fixed",
  amount: 10000,
  usage_mode: "limited",
  max_uses: 500,
};
// @ts-expect-error: the types are real, not any: a usage mode the API does not know is refused.
const typo: LinkSpecInput = { ...voucher, usage_mode: "unlimited" };

const checked = checkLink(voucher);
const spec: LinkSpec | undefined = checked.ok ? checked.spec : undefined;
const problems: LinkProblem[] = checked.ok ? [] : checked.problems;
const args: PaymentLinkArgs = voucher;
export const url = new PaymentLink("voucher", args).url;

let declared: DeclaredLink[] = [];
try {
  declared = declareLinks("links/").declarations;
} catch (error) {
  if (error instanceof LinkDeclarationError) console.error(error.message);
}
const seen: Link | undefined = undefined;
export const summary = [PAYMENT_LINK_TYPE, spec?.amount, problems.length, declared.length, seen, typo];
export const rules = [policies.length, amountCeiling.name, DEFAULT_MAX_AMOUNT, typeof ceilingFor];
`;

describe("the package's types in a pulumi new typescript project", () => {
  let project: Consumer;
  /** `tsc --noEmit --listFiles`: the errors, if any, then every file the compilation read. */
  let tsc: CommandResult;

  beforeAll(async () => {
    project = await createConsumer("ts-types");
    project.write(
      "package.json",
      consumerPackageJson("ts-types", project.tarball, {
        main: "index.ts",
        dependencies: {
          "@pulumi/pulumi": REPO_PACKAGE.devDependencies["@pulumi/pulumi"],
          "@pulumi/policy": REPO_PACKAGE.devDependencies["@pulumi/policy"],
          "mytpe-links": `file:${project.tarball}`,
        },
        devDependencies: { "@types/node": REPO_PACKAGE.devDependencies["@types/node"], typescript: REPO_PACKAGE.devDependencies["typescript"] },
      }),
    );
    project.write("tsconfig.json", `${JSON.stringify(PULUMI_NEW_TSCONFIG, null, 4)}\n`);
    project.write("index.ts", INDEX_TS);
    await project.run("npm", ["install", ...NPM_INSTALL_FLAGS]);
    tsc = await project.exec("npx", ["--no-install", "tsc", "--noEmit", "--listFiles", "--pretty", "false"]);
  }, SETUP);
  afterAll(async () => project?.dispose());

  it("the stock tsconfig.json has no skipLibCheck, so every declaration file is checked", () => {
    expect(JSON.parse(project.read("tsconfig.json"))).not.toHaveProperty("compilerOptions.skipLibCheck");
  });

  it("tsc --noEmit passes on code that uses PaymentLink, declareLinks, LinkSpec, checkLink and the policy entry", () => {
    const errors = `${tsc.stdout}${tsc.stderr}`.split("\n").filter((line) => line !== "" && !line.startsWith("/"));
    expect(errors).toEqual([]);
    expect(tsc.code).toBe(0);
  });

  it("the compilation reads no zod declaration file and no @pulumi/policy index", () => {
    const files = tsc.stdout.split("\n").filter((line) => line.includes("/node_modules/"));
    expect(files.some((file) => file.endsWith("/node_modules/mytpe-links/dist/index.d.ts"))).toBe(true);
    expect(files.some((file) => file.endsWith("/node_modules/mytpe-links/dist/policy/index.d.ts"))).toBe(true);
    expect(files.filter((file) => file.includes("/node_modules/zod/"))).toEqual([]);
    // @pulumi/policy 1.21's own index.d.ts re-exports names its proxy.d.ts does not declare.
    expect(files.filter((file) => file.endsWith("/node_modules/@pulumi/policy/index.d.ts"))).toEqual([]);
  });
});
