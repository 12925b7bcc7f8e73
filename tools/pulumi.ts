// `npm run pulumi -- <args>`: the project's Pulumi CLI with the project's environment, so
// `npm run pulumi -- preview --diff` just works (against the sandbox for the `local` stack).
import { spawn } from "node:child_process";
import { PROJECT_ROOT, pulumiEnv } from "./pulumi-env.ts";

const args = process.argv.slice(2);
const { cli, env } = await pulumiEnv(args, (line) => process.stderr.write(`${line}\n`));
const child = spawn(cli.pulumi, args, { cwd: PROJECT_ROOT, env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
