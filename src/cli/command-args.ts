// What users run: one way every `mytpe-links` command reads its arguments — strict options, the
// usage on a mistake (exit 2, or the command's own code), `--help`/`-h` printing it (exit 0).
import { parseArgs, type ParseArgsConfig } from "node:util";
import type { CliIo } from "./project.ts";

type Config = Pick<ParseArgsConfig, "allowPositionals"> & { options: NonNullable<ParseArgsConfig["options"]> & { help: { type: "boolean"; short: "h" } } };
export type CommandArgs<C extends Config> = ReturnType<typeof parseArgs<C & { args: string[]; strict: true }>>;

/** The parsed arguments, or the exit code when the command ends here (a mistake, or --help). */
export function commandArgs<C extends Config>(
  args: readonly string[],
  config: C,
  usage: string,
  io: Pick<CliIo, "out" | "err">,
  mistake = 2,
): CommandArgs<C> | number {
  let parsed: CommandArgs<C>;
  try {
    parsed = parseArgs({ ...config, args: [...args], strict: true }) as CommandArgs<C>;
  } catch (error) {
    io.err(`${(error as Error).message}\n${usage}`);
    return mistake;
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.out(usage);
    return 0;
  }
  return parsed;
}

/** The `help` option every command takes. */
export const HELP = { type: "boolean", short: "h" } as const;
