// `mytpe-links release NAME`: hands a link over to another stack (or to nobody) without archiving
// it. The giving stack takes its mark off the live link, then forgets the resource from its state
// (`pulumi state delete`); the other stack then declares `adopt: <id>` and takes it in place. In
// this order, a release killed half-way is finished by running it again. The link stays live and
// payable throughout: its URL never changes.
import type { Link } from "../link/link.ts";
import { stackOfUrn } from "../link/urn.ts";
import { apiRequest, type ApiConfig } from "../provider/api-client.ts";
import { createTransport } from "../provider/api-transport.ts";
import { markOf, withoutMarker } from "../provider/link-marker.ts";
import { describeOwner, isOwnMark, ownerOfMark } from "../provider/ownership.ts";
import type { StackLink } from "./links/stack-links.ts";
import { apiSettingsOf, pulumiOutput, readStackConfig, readStackLinks, type PulumiContext } from "./links/stack-reader.ts";
import { commandArgs, HELP } from "./command-args.ts";
import { commandStack } from "./command-stack.ts";
import { projectRoot, type CliIo } from "./project.ts";

export const USAGE = `usage: mytpe-links release NAME [--stack STACK]
       mytpe-links release --link ID [--stack STACK]
  Hands the link NAME over without archiving it: takes the stack's mark off the live link and
  forgets the link from the stack's state. The link stays live, its URL unchanged. Then remove NAME
  from this stack's declarations, and declare \`adopt: <id>\` in the stack that takes it over.
  --link ID: unmarks a live link carrying one of the stack's marks that its state does not hold
  (an orphan \`mytpe-links links\` reports), so that any declaration may adopt it.
  The stack: --stack, else PULUMI_STACK, else the selected one, else local.`;

export async function releaseCommand(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = commandArgs(args, { options: { stack: { type: "string", short: "s" }, link: { type: "string" }, help: HELP }, allowPositionals: true }, USAGE, io);
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
  if (values.link !== undefined) return releaseOrphan(io, pulumi, held, values.link);
  const link = held.find((one) => one.name === name);
  if (!link) {
    io.err(`mytpe-links release: stack ${pulumi.stack} holds no link named ${JSON.stringify(name)}; \`mytpe-links links --stack ${pulumi.stack}\` lists the ones it holds`);
    return 1;
  }
  const settings = await apiSettingsOf(pulumi, await readStackConfig(pulumi));
  const { dispatcher, pacer } = await createTransport({ concurrency: 1 });
  try {
    await unmark({ ...settings, dispatcher, pacer }, link);
  } finally {
    await dispatcher.close();
  }
  await pulumiOutput(pulumi, ["state", "delete", link.urn, "--stack", pulumi.stack, "--yes"]);
  const url = typeof link.state["url"] === "string" ? ` (${link.state["url"]})` : "";
  io.out(
    `released ${name}: link ${link.id}${url} stays live and is no longer managed by stack ${pulumi.stack}. ` +
      `Remove ${name} from this stack's declarations; to manage it elsewhere, declare \`adopt: ${link.id}\` there.`,
  );
  return 0;
}

/** Takes the stack's mark off the live link; refuses a link another resource owns. */
async function unmark(api: ApiConfig, link: StackLink): Promise<void> {
  const operation = { operation: "release payment link", link: link.name };
  const live = (await apiRequest<{ data: Link }>(api, operation, "GET", `/links/${link.id}`)).data;
  const mark = markOf(live);
  if (mark === undefined) return; // Released already (a release killed before it forgot the link).
  if (!isOwnMark(mark, link.urn)) {
    throw new Error(`link ${link.id} carries the mark of ${describeOwner(ownerOfMark(mark))}, not of ${link.name}: it is not this stack's to release`);
  }
  await apiRequest(api, operation, "PUT", `/links/${link.id}`, { metadata: withoutMarker(live.metadata) });
}

/** `--link ID`: unmarks a live link marked by the stack that its state does not hold. */
async function releaseOrphan(io: CliIo, pulumi: PulumiContext, held: readonly StackLink[], id: string): Promise<number> {
  const owner = held.find((link) => link.id.toLowerCase() === id.toLowerCase());
  if (owner) {
    io.err(`mytpe-links release: link ${id} is ${owner.name}'s in stack ${pulumi.stack}: run \`mytpe-links release ${owner.name}\``);
    return 1;
  }
  const settings = await apiSettingsOf(pulumi, await readStackConfig(pulumi));
  const { dispatcher, pacer } = await createTransport({ concurrency: 1 });
  try {
    const api: ApiConfig = { ...settings, dispatcher, pacer };
    const operation = { operation: "release payment link", link: id };
    const live = (await apiRequest<{ data: Link }>(api, operation, "GET", `/links/${id}`)).data;
    const mark = markOf(live);
    if (mark === undefined) {
      io.out(`link ${id} carries no mark: nothing to release`);
      return 0;
    }
    if (stackOfUrn(ownerOfMark(mark)) !== pulumi.stack) {
      io.err(`mytpe-links release: link ${id} carries the mark of ${describeOwner(ownerOfMark(mark))}, not of stack ${pulumi.stack}`);
      return 1;
    }
    await apiRequest(api, operation, "PUT", `/links/${id}`, { metadata: withoutMarker(live.metadata) });
  } finally {
    await dispatcher.close();
  }
  io.out(`released link ${id}: unmarked; it stays live. Declare \`adopt: ${id}\` to manage it, or archive it in the dashboard.`);
  return 0;
}
