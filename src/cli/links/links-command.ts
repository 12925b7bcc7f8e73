// `mytpe-links links` (`npm run links`): the stack's links as they are now. Thin wiring: the stack
// and its config through Pulumi (stack-reader.ts), the live links through the API (live-links.ts),
// and pure functions for everything said (link-rows.ts and the formats beside it).
// Where the API is and as whom: as the provider resolves it — the stack's config (mytpe:apiUrl,
// mytpe:apiKey, ...; secrets need the stack's passphrase), else MYTPE_API_* from the environment;
// for the stack `local`, the embedded sandbox unless MYTPE_API_URL says otherwise (pulumi-env.ts).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { loadLinkFiles, plural, type DeclaredLink } from "../../program/link-files.ts";
import { resolveLinkSources } from "../../program/link-sources.ts";
import type { ApiConfig } from "../../provider/api-client.ts";
import { createTransport } from "../../provider/api-transport.ts";
import { commandStack } from "../command-stack.ts";
import { projectName, projectRoot, type CliIo } from "../project.ts";
import { adoptionCandidates, adoptionYaml } from "./adoption-yaml.ts";
import { uniqueLinkNames } from "./link-names.ts";
import { hasDrift, linkRows, type LinkRow } from "./link-rows.ts";
import { linksCsv } from "./links-csv.ts";
import { linksJson } from "./links-json.ts";
import { parseLinksOptions, USAGE, type LinksOptions } from "./links-options.ts";
import { linksTable } from "./links-table.ts";
import { everyLiveLink, linkReader, liveLinksOf } from "./live-links.ts";
import { orphanLines, orphanLinks, orphanScope, type OrphanLink } from "./orphan-links.ts";
import { instancesOf } from "./stack-links.ts";
import { writeQrCodes } from "./qr-codes.ts";
import { apiSettingsOf, linkSourcesOf, readStackConfig, readStackLinks, type PulumiContext } from "./stack-reader.ts";
import { watchEvery } from "./watch-loop.ts";

export { USAGE };

/** Exit codes: as documented in USAGE. */
export const EXIT = { ok: 0, error: 1, usage: 2, drift: 3 } as const;

export async function linksCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseLinksOptions(args);
  if (!parsed.ok) {
    io.err(`${parsed.message}\n${USAGE}`);
    return EXIT.usage;
  }
  const options = parsed.options;
  if (options.mode === "help") {
    io.out(USAGE);
    return EXIT.ok;
  }

  const root = projectRoot(io.cwd);
  const run = await commandStack(root, options.stack ?? (io.env["PULUMI_STACK"] || undefined), io.env, io.err);
  const pulumi: PulumiContext = { cli: run.cli, root, env: run.env, stack: run.stack };

  const config = await readStackConfig(pulumi);
  const settings = await apiSettingsOf(pulumi, config);
  const { dispatcher, pacer } = await createTransport({ concurrency: 4 });
  const api: ApiConfig = { ...settings, dispatcher, pacer };
  const sources = linkSourcesOf(config);
  try {
    if (options.mode === "generate-yaml") return await generateYaml(options, { io, pulumi, api, payUrl: settings.payUrl, sources });
    return await report(options, { io, pulumi, api, sources });
  } finally {
    await dispatcher.close();
  }
}

interface Context {
  io: CliIo;
  pulumi: PulumiContext;
  api: ApiConfig;
  sources: string[];
}

async function report(options: LinksOptions & { mode: "report" }, { io, pulumi, api, sources }: Context): Promise<number> {
  // One reader a report: the stack's links and the orphans among them share each instance's listing.
  const reportNow = async (): Promise<{ rows: LinkRow[]; orphans: OrphanLink[] }> => {
    const declared = declaredLinks(pulumi.root, sources);
    const files = new Map(declared.map((link) => [link.name, link.file]));
    const links = await readStackLinks(pulumi);
    const reader = linkReader(api);
    const rows = linkRows(links, await liveLinksOf(api, links, reader), files);
    const instances = [...instancesOf(links), ...declared.map((link) => link.spec.payment_instance_id)];
    return { rows, orphans: await orphanLinks(reader, orphanScope(links, projectName(pulumi.root) ?? "", pulumi.stack), links, instances) };
  };
  const rowsNow = async (): Promise<LinkRow[]> => (await reportNow()).rows;
  const print = (rows: readonly LinkRow[], compactJson: boolean) => {
    if (options.format === "json") io.out(JSON.stringify(linksJson(rows, pulumi.stack), null, compactJson ? undefined : 2));
    // RFC 4180 ends records with CRLF; `out` adds the final "\n" after the "\r".
    else if (options.format === "csv") io.out(linksCsv(rows).slice(0, -1));
    else for (const line of linksTable(rows, pulumi.stack)) io.out(line);
  };

  if (options.watch === undefined) {
    const { rows, orphans } = await reportNow();
    print(rows, false);
    // Links of this stack that nobody manages: on stdout with the table, else on stderr (stdout is data).
    for (const line of orphanLines(orphans, pulumi.stack)) (options.format === "table" ? io.out : io.err)(line);
    if (options.qr !== undefined) {
      const { cards, files } = await writeQrCodes(resolve(io.cwd, options.qr), rows, pulumi.stack);
      // On stderr: stdout is the report, which may be JSON or CSV piped to a file.
      io.err(
        `QR codes of ${plural(cards.length, "active link")} (SVG and PNG) and the contact sheet: ${join(options.qr, "index.html")} (${plural(files.length, "file")})`,
      );
    }
    return hasDrift(rows) || orphans.length > 0 ? EXIT.drift : EXIT.ok;
  }

  const seconds = options.watch;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop).once("SIGTERM", stop);
  // A terminal is redrawn in place; a pipe or a file gets one report after the other.
  const redraw = process.stdout.isTTY === true && options.format === "table";
  let last: number = EXIT.ok;
  try {
    return await watchEvery(
      seconds,
      async () => {
        try {
          const rows = await rowsNow();
          if (redraw) io.out("\x1b[H\x1b[2J");
          if (options.format === "table") io.out(`Stack ${pulumi.stack}, ${new Date().toLocaleTimeString()}; refreshed every ${seconds} s, Ctrl-C to stop`);
          print(rows, true);
          if (options.format === "table") io.out("");
          last = hasDrift(rows) ? EXIT.drift : EXIT.ok;
          return last;
        } catch (error) {
          // Ctrl-C in a terminal also interrupts the Pulumi command of the refresh under way.
          if (controller.signal.aborted) return last;
          io.err(`${new Date().toLocaleTimeString()}: ${(error as Error).message}`);
          last = EXIT.error;
          return last;
        }
      },
      { signal: controller.signal },
    );
  } finally {
    process.off("SIGINT", stop).off("SIGTERM", stop);
  }
}

async function generateYaml(
  options: LinksOptions & { mode: "generate-yaml" },
  { io, pulumi, api, payUrl, sources }: Context & { payUrl: string },
): Promise<number> {
  const file = resolve(io.cwd, options.file);
  const shown = relative(io.cwd, file) || options.file;
  if (existsSync(file)) {
    io.err(`${shown} already exists: give a new file name (nothing was written)`);
    return EXIT.error;
  }
  const declared = declaredLinks(pulumi.root, sources);
  const links = await readStackLinks(pulumi);
  const managed = new Set(
    [...links.map((link) => link.id), ...declared.flatMap((link) => (link.spec.adopt ? [link.spec.adopt] : []))].map((id) => id.toLowerCase()),
  );
  const live = (await everyLiveLink(api, options.instance)).sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const choice = adoptionCandidates(live, managed);
  for (const { link, reason } of choice.skipped) io.out(`Left out ${link.id} "${link.title}": ${reason}`);
  if (choice.adopt.length === 0) {
    io.out(`Every live link is managed by stack ${pulumi.stack} or cannot be adopted: nothing to write.`);
    return EXIT.ok;
  }

  const names = uniqueLinkNames(choice.adopt, [...links.map((link) => link.name), ...declared.map((link) => link.name)]);
  const schema = toPosix(relative(dirname(file), join(pulumi.root, "node_modules", "mytpe-links", "schema", "links.schema.json")));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, adoptionYaml({ links: choice.adopt, names, schema, stack: pulumi.stack, urlOf: (link) => `${payUrl}/${link.slug}` }), { flag: "wx" });
  io.out(`Wrote ${plural(names.length, "declaration")} to ${shown}: ${names.join(", ")}`);
  if (!inSources(pulumi.root, sources, file)) {
    io.out(`Note: ${shown} is not among the stack's link sources (${sources.join(", ")}): move it there, or add it to mytpe:links.`);
  }
  io.out("Next: mytpe-links check, then mytpe-links pulumi preview (each link adopted, with no change), then mytpe-links up.");
  return EXIT.ok;
}

/** The links the stack's YAML files declare (valid ones); none when the sources cannot be read. */
function declaredLinks(root: string, sources: readonly string[]): DeclaredLink[] {
  try {
    return loadLinkFiles(resolveLinkSources(sources, root), root).links;
  } catch {
    // Files only name the declaring file and the names taken; the report stands without them.
    return [];
  }
}

function inSources(root: string, sources: readonly string[], file: string): boolean {
  try {
    return resolveLinkSources(sources, root).includes(toPosix(relative(root, file)));
  } catch {
    return false;
  }
}

function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}
