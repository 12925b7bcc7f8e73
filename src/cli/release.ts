// `mytpe-links release NAME`: hands a link over to another stack (or to nobody) without archiving
// it. The giving stack forgets the resource from its state first (`pulumi state delete`), then takes
// its mark off the live link; the other stack then declares `adopt: <id>` and takes it in place. In
// this order a release stopped half-way leaves a marked link no state holds — an orphan nobody else
// may take, which `release --link ID` finishes — never an unmarked link a state still holds. A
// protected link is refused before anything changes. The link stays live and payable throughout:
// its URL never changes.
import type { Link } from "../link/link.ts";
import { apiRequest, type ApiConfig } from "../provider/api-client.ts";
import { createTransport } from "../provider/api-transport.ts";
import { markOf, withoutMarker } from "../provider/link-marker.ts";
import { describeMark, parseMark } from "../provider/owner-mark.ts";
import { classifyMark, orphans } from "../provider/ownership.ts";
import type { StackLink } from "./links/stack-links.ts";
import { orphanScope } from "./links/orphan-links.ts";
import { apiSettingsOf, pulumiOutput, readStackConfig, readStackLinks, type PulumiContext } from "./links/stack-reader.ts";
import { commandArgs, HELP } from "./command-args.ts";
import { commandStack } from "./command-stack.ts";
import { projectName, projectRoot, type CliIo } from "./project.ts";

export const USAGE = `usage: mytpe-links release NAME [--stack STACK]
       mytpe-links release --link ID [--stack STACK] [--owner OWNER]
  Hands the link NAME over without archiving it: forgets the link from the stack's state, then
  takes the stack's mark off the live link. The link stays live, its URL unchanged. Then remove NAME
  from this stack's declarations, and declare \`adopt: <id>\` in the stack that takes it over.
  --link ID: unmarks a live link carrying one of this stack's marks that its state does not hold
  (an orphan \`mytpe-links links\` reports), so that any declaration may adopt it. --owner: the
  state's owner id, when its state holds no link any more to say it (release prints it).
  The stack: --stack, else PULUMI_STACK, else the selected one, else local.`;

export async function releaseCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = commandArgs(
    args,
    { options: { stack: { type: "string", short: "s" }, link: { type: "string" }, owner: { type: "string" }, help: HELP }, allowPositionals: true },
    USAGE,
    io,
  );
  if (typeof parsed === "number") return parsed;
  const { values, positionals } = parsed;
  const [name, ...extra] = positionals;
  if ((name === undefined) === (values.link === undefined) || extra.length > 0) {
    io.err(`mytpe-links release: name one link, or give --link ID\n${USAGE}`);
    return 2;
  }

  const root = projectRoot(io.cwd);
  const given = values.stack ?? (io.env["PULUMI_STACK"] || undefined);
  const run = await commandStack(root, given, io.env, io.err);
  const pulumi: PulumiContext = { cli: run.cli, root, env: run.env, stack: run.stack };
  const held = await readStackLinks(pulumi);
  const project = projectName(root) ?? "";
  if (values.link !== undefined) return releaseOrphan(io, pulumi, held, project, values.link, values.owner);
  const link = held.find((one) => one.name === name);
  if (!link) {
    io.err(
      `mytpe-links release: stack ${pulumi.stack} holds no link named ${JSON.stringify(name)}; \`mytpe-links links --stack ${pulumi.stack}\` lists the ones it holds`,
    );
    return 1;
  }
  if (link.protect) {
    io.err(
      `mytpe-links release: ${name} is protected in stack ${pulumi.stack}; nothing was changed: unprotect it first (\`pulumi state unprotect '${link.urn}'\`), then release it`,
    );
    return 1;
  }
  const owner = typeof link.state["owner"] === "string" ? ` --owner ${link.state["owner"]}` : "";
  io.err(
    `releasing ${name} (link ${link.id}) from stack ${pulumi.stack}: if this stops half-way, finish it with \`mytpe-links release --link ${link.id} --stack ${pulumi.stack}${owner}\``,
  );
  await pulumiOutput(pulumi, ["state", "delete", link.urn, "--stack", pulumi.stack, "--yes"]);
  await withApi(pulumi, (api) => unmark(api, link));
  const url = typeof link.state["url"] === "string" ? ` (${link.state["url"]})` : "";
  io.out(
    `released ${name}: link ${link.id}${url} stays live and is no longer managed by stack ${pulumi.stack}. ` +
      `Remove ${name} from this stack's declarations; to manage it elsewhere, declare \`adopt: ${link.id}\` there.`,
  );
  return 0;
}

async function withApi<T>(pulumi: PulumiContext, use: (api: ApiConfig) => Promise<T>): Promise<T> {
  const settings = await apiSettingsOf(pulumi, await readStackConfig(pulumi));
  const { dispatcher, pacer } = await createTransport({ concurrency: 1 });
  try {
    return await use({ ...settings, dispatcher, pacer });
  } finally {
    await dispatcher.close();
  }
}

/** Takes the resource's mark off the live link; leaves a link marked by another resource or state alone. */
async function unmark(api: ApiConfig, link: StackLink): Promise<void> {
  const operation = { operation: "release payment link", link: link.name };
  const live = (await apiRequest<{ data: Link }>(api, operation, "GET", `/links/${link.id}`)).data;
  const owner = typeof link.state["owner"] === "string" ? link.state["owner"] : undefined;
  const found = classifyMark(markOf(live), { urn: link.urn, owner });
  if (found.kind !== "own" && found.kind !== "no-owner") return;
  await apiRequest(api, operation, "PUT", `/links/${link.id}`, { metadata: withoutMarker(live.metadata) });
}

/**
 * `--link ID`: unmarks a live link marked by this state (its owner id — the one its links record,
 * or `--owner` — or, for marks naming none, its project and stack) that its state does not hold.
 */
async function releaseOrphan(
  io: CliIo,
  pulumi: PulumiContext,
  held: readonly StackLink[],
  project: string,
  id: string,
  owner: string | undefined,
): Promise<number> {
  const holder = held.find((link) => link.id.toLowerCase() === id.toLowerCase());
  if (holder) {
    io.err(`mytpe-links release: link ${id} is ${holder.name}'s in stack ${pulumi.stack}: run \`mytpe-links release ${holder.name}\``);
    return 1;
  }
  return withApi(pulumi, async (api) => {
    const operation = { operation: "release payment link", link: id };
    const live = (await apiRequest<{ data: Link }>(api, operation, "GET", `/links/${id}`)).data;
    const mark = parseMark(markOf(live));
    if (mark === undefined) {
      io.out(`link ${id} carries no mark: nothing to release`);
      return 0;
    }
    const scope = orphanScope(held, project, pulumi.stack);
    if (orphans([live], { ...scope, owner: owner ?? scope.owner }, new Set()).length === 0) {
      io.err(
        `mytpe-links release: link ${id} carries the mark of ${describeMark(mark)}, not of this stack's state (stack ${pulumi.stack}, project ${project}): it is not this stack's to release`,
      );
      return 1;
    }
    await apiRequest(api, operation, "PUT", `/links/${id}`, { metadata: withoutMarker(live.metadata) });
    io.out(`released link ${id}: unmarked; it stays live. Declare \`adopt: ${id}\` to manage it, or archive it in the dashboard.`);
    return 0;
  });
}
