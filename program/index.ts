// The Pulumi program: one PaymentLink per link declared in the stack's YAML files.
import { Config } from "@pulumi/pulumi/config.js";
import { RunError } from "@pulumi/pulumi/errors.js";
import type { Output } from "@pulumi/pulumi/output.js";
import { getRootDirectory } from "@pulumi/pulumi/runtime/settings.js";
import { PaymentLink } from "../provider/payment-link.ts";
import { formatProblem, loadLinkFiles, problemSummary } from "./link-files.ts";
import { withoutStackTraces } from "./without-stack-traces.ts";
import { DEFAULT_LINK_SOURCES, linkSourcesSetting, resolveLinkSources } from "./link-sources.ts";

const config = new Config("mytpe");
// Sources are relative to the project (where Pulumi.yaml is), wherever the program runs from.
const root = getRootDirectory();
let files: string[];
try {
  files = resolveLinkSources(linkSourcesSetting(config.get("links")) ?? DEFAULT_LINK_SOURCES, root);
} catch (error) {
  throw new RunError(`stack config mytpe:links: ${(error as Error).message.replace(/^mytpe:links: /, "")}`);
}
// The same check and the same messages as `npm run check`.
const { links, problems } = loadLinkFiles(files, root);
if (problems.length > 0) {
  // RunError: the engine prints the message alone, without a stack trace.
  throw new RunError(
    `${problemSummary(problems)} of link declarations; nothing was sent to the API:\n` + problems.map(formatProblem).join("\n"),
  );
}

const urls: Record<string, Output<string>> = {};
withoutStackTraces(() => {
  for (const link of links) urls[link.name] = new PaymentLink(link.name, link.spec).url;
});

/** Public payment URL of every link, by name. */
export const linkUrls = urls;
