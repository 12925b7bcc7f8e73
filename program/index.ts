// The Pulumi program: one PaymentLink per link declared in the stack's YAML files.
import * as pulumi from "@pulumi/pulumi";
import { PaymentLink } from "../provider/payment-link.ts";
import { formatProblem, loadLinkFiles } from "./link-files.ts";
import { DEFAULT_LINK_SOURCES, resolveLinkSources } from "./link-sources.ts";

const config = new pulumi.Config("mytpe");
const sources = config.getObject<string[]>("links") ?? DEFAULT_LINK_SOURCES;
// Sources are relative to the project (where Pulumi.yaml is), wherever the program runs from.
const root = pulumi.runtime.getRootDirectory();
const files = resolveLinkSources(sources, root);
const { links, problems } = loadLinkFiles(files, root);
if (problems.length > 0) {
  // RunError: the engine prints the message alone, without a stack trace.
  throw new pulumi.RunError(
    `${problems.length} problem${problems.length === 1 ? "" : "s"} in the link declarations; nothing was sent to the API:\n` +
      problems.map(formatProblem).join("\n"),
  );
}

const urls: Record<string, pulumi.Output<string>> = {};
for (const link of links) {
  urls[link.name] = new PaymentLink(link.name, link.spec).url;
}

/** Public payment URL of every link, by name. */
export const linkUrls = urls;
