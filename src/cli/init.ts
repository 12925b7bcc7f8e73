// `mytpe-links init [DIR]`: scaffolds a campaign repository for people who only edit YAML, from
// templates/campaign/ (shipped with the package): the Pulumi project and its three-line program,
// links/ with an example, stacks/ (local = the sandbox; production without secrets), the policy
// pack, the GitOps workflow with its CODEOWNERS, rulesets and Dependabot config (issue 28),
// editor settings and a README. With `--runtime yaml`, from
// templates/campaign-yaml/: the links are resources of a Pulumi YAML program (Pulumi.yaml), served
// by the package's provider plugin (plugin/). Never overwrites a file.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { commandArgs, HELP } from "./command-args.ts";
import { PACKAGE_ROOT, type CliIo } from "./project.ts";

export const USAGE = `usage: mytpe-links init [DIR] [--name NAME] [--package SPEC] [--runtime nodejs|yaml]
                        [--maintainers OWNERS] [--campaign-owners OWNERS]
  Creates a campaign repository in DIR (default: the current folder), which must not hold a
  Pulumi project yet. --name: the Pulumi project's name (default: the folder's name).
  --package: how package.json depends on mytpe-links (default: ^<this version>).
  --runtime: nodejs (default: links in links/*.yaml, read by a three-line program) or yaml
  (links as resources of a Pulumi YAML program, served by the mytpe-links plugin).
  --maintainers, --campaign-owners: who owns the repository and who owns links/ in
  .github/CODEOWNERS (@organisation/team, @login or an email; several separated by spaces).
  Then: cd DIR && npm install && npm run up`;

/** What CODEOWNERS says until the owners are given: it names nobody real, so GitHub flags it. */
const PLACEHOLDER_OWNERS = { maintainers: "@your-org/payment-links-maintainers", campaignOwners: "@your-org/campaign-owners" } as const;
/** One owner as CODEOWNERS accepts it: @organisation/team, @login, or an email. */
const OWNER = /^(@[A-Za-z0-9](?:[A-Za-z0-9-]*)(?:\/[A-Za-z0-9._-]+)?|[^@\s]+@[^@\s]+\.[^@\s]+)$/;

const TEMPLATES = { nodejs: join(PACKAGE_ROOT, "templates", "campaign"), yaml: join(PACKAGE_ROOT, "templates", "campaign-yaml") } as const;

/** Files that npm would drop from a package, shipped under another name. */
const RENAMED: Record<string, string> = { gitignore: ".gitignore" };

/** Text files with {{placeholders}}. */
const FILLED = new Set(["Pulumi.yaml", "package.json", "README.md", ".github/CODEOWNERS"]);

export function initCommand(args: readonly string[], io: Pick<CliIo, "cwd" | "out" | "err">): number {
  const options = {
    name: { type: "string" },
    package: { type: "string" },
    runtime: { type: "string" },
    maintainers: { type: "string" },
    "campaign-owners": { type: "string" },
    help: HELP,
  } as const;
  const parsed = commandArgs(args, { options, allowPositionals: true }, USAGE, io);
  if (typeof parsed === "number") return parsed;
  if (parsed.positionals.length > 1) {
    io.err(`expected at most one folder, got ${parsed.positionals.length}\n${USAGE}`);
    return 2;
  }
  const runtime = parsed.values.runtime ?? "nodejs";
  if (runtime !== "nodejs" && runtime !== "yaml") {
    io.err(`--runtime: expected nodejs or yaml, got ${JSON.stringify(runtime)}\n${USAGE}`);
    return 2;
  }
  const template = TEMPLATES[runtime];
  const dir = resolve(io.cwd, parsed.positionals[0] ?? ".");
  const name = parsed.values.name ?? projectName(basename(dir));
  if (!/^[A-Za-z0-9_.-]+$/.test(name)) {
    io.err(`--name: a Pulumi project name is letters, digits, "_", "." and "-", got ${JSON.stringify(name)}`);
    return 2;
  }
  const owners = { maintainers: parsed.values.maintainers, campaignOwners: parsed.values["campaign-owners"] };
  for (const [option, value] of [
    ["--maintainers", owners.maintainers],
    ["--campaign-owners", owners.campaignOwners],
  ] as const) {
    const wrong = value?.split(/\s+/).filter((owner) => owner !== "" && !OWNER.test(owner));
    if (value !== undefined && (value.trim() === "" || (wrong && wrong.length > 0))) {
      io.err(`${option}: expected @organisation/team, @login or an email (several separated by spaces), got ${JSON.stringify(value)}`);
      return 2;
    }
  }
  const files = templateFiles(template);
  const conflicts = files.map(target).filter((file) => existsSync(join(dir, file)));
  if (conflicts.length > 0) {
    io.err(`${relative(io.cwd, dir) || "."} already has ${conflicts.join(", ")}: nothing was written (init never overwrites)`);
    return 1;
  }
  const packageJson = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as {
    version: string;
    devDependencies: Record<string, string>;
  };
  const values: Record<string, string> = {
    name,
    package: parsed.values.package ?? `^${packageJson.version}`,
    pulumiSdk: packageJson.devDependencies["@pulumi/pulumi"] ?? "^3.216.0",
    pulumiPolicy: packageJson.devDependencies["@pulumi/policy"] ?? "^1.21.0",
    maintainers: owners.maintainers?.trim() ?? PLACEHOLDER_OWNERS.maintainers,
    campaignOwners: owners.campaignOwners?.trim() ?? PLACEHOLDER_OWNERS.campaignOwners,
  };
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    const to = join(dir, target(file));
    mkdirSync(resolve(to, ".."), { recursive: true });
    if (FILLED.has(file)) writeFileSync(to, fill(readFileSync(join(template, file), "utf8"), values));
    else cpSync(join(template, file), to);
  }
  const where = relative(io.cwd, dir) || ".";
  io.out(`created a campaign repository in ${where} (${files.length} files). Next:`);
  if (where !== ".") io.out(`  cd ${where}`);
  io.out("  npm install");
  io.out(`  npm run up        # provisions ${runtime === "yaml" ? "the links of Pulumi.yaml" : "links/"} into the local sandbox and prints the URLs`);
  if (files.includes(".github/CODEOWNERS") && (owners.maintainers === undefined || owners.campaignOwners === undefined)) {
    io.out(
      `Before the first pull request: name the owners in .github/CODEOWNERS (${[owners.maintainers === undefined && PLACEHOLDER_OWNERS.maintainers, owners.campaignOwners === undefined && PLACEHOLDER_OWNERS.campaignOwners].filter(Boolean).join(", ")} stand for your teams), and apply the repository's rules (mytpe-links docs/team-setup.md).`,
    );
  }
  return 0;
}

/** Every file of the template, relative to it, with `/`. */
function templateFiles(folder: string, prefix = ""): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((entry) => {
      const path = join(folder, entry);
      return statSync(path).isDirectory() ? templateFiles(path, `${prefix}${entry}/`) : [`${prefix}${entry}`];
    });
}

function target(file: string): string {
  const name = basename(file);
  return RENAMED[name] ? `${file.slice(0, -name.length)}${RENAMED[name]}` : file;
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (match, key: string) => values[key] ?? match);
}

/** A folder name as a Pulumi project name. */
function projectName(folder: string): string {
  return folder.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "") || "payment-links";
}
