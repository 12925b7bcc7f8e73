// Program side: `declareLinks`, a whole Pulumi program in one call. It reads the stack's YAML files
// with the checks and messages of `mytpe-links check`, declares one PaymentLink per link and returns
// them with their URLs. A declaration with a problem stops the program before anything is declared,
// so nothing reaches the API.
import { Config } from "@pulumi/pulumi/config.js";
import { RunError } from "@pulumi/pulumi/errors.js";
import type { Output } from "@pulumi/pulumi/output.js";
import type { CustomResourceOptions } from "@pulumi/pulumi/resource.js";
import { getRootDirectory } from "@pulumi/pulumi/runtime/settings.js";
import { formatProblem, loadLinkFiles, problemSummary, type DeclaredLink, type Problem } from "./link-files.ts";
import { DEFAULT_LINK_SOURCES, linkSourcesSetting, resolveLinkSources } from "./link-sources.ts";
import { PaymentLink } from "./payment-link.ts";
import { withoutStackTraces } from "./without-stack-traces.ts";

export interface DeclareLinksOptions {
  /** Where relative sources are found; the Pulumi project's folder (where Pulumi.yaml is) by default. */
  root?: string;
  /** Resource options given to every link (parent, protect, retainOnDelete, ...). */
  resourceOptions?: CustomResourceOptions;
}

/** What `declareLinks` declared. */
export interface DeclaredLinks {
  /** Each PaymentLink by its name. */
  links: Record<string, PaymentLink>;
  /** Each link's public payment URL by its name: export it as a stack output. */
  urls: Record<string, Output<string>>;
  /** Where each link is declared. */
  declarations: DeclaredLink[];
}

/** Thrown (as a Pulumi RunError: printed alone, without a stack trace) when a declaration is wrong. */
export class LinkDeclarationError extends RunError {
  override readonly name = "LinkDeclarationError";
  constructor(
    message: string,
    /** Every problem found, located in its file (empty when the sources themselves are wrong). */
    readonly problems: readonly Problem[] = [],
  ) {
    super(message);
  }
}

/**
 * Declares a PaymentLink for every link of the YAML files, folders or glob patterns in `sources`
 * (relative to the project; by default the stack config `mytpe:links`, else `links/`). Throws a
 * LinkDeclarationError listing every problem of every file, as `mytpe-links check` prints them.
 */
export function declareLinks(sources?: string | readonly string[], options: DeclareLinksOptions = {}): DeclaredLinks {
  const root = options.root ?? getRootDirectory();
  let files: string[];
  try {
    files = resolveLinkSources(sources === undefined ? stackSources() : typeof sources === "string" ? [sources] : [...sources], root);
  } catch (error) {
    const message = (error as Error).message.replace(/^mytpe:links: /, "");
    throw new LinkDeclarationError(sources === undefined ? `stack config mytpe:links: ${message}` : message);
  }
  const { links: declarations, problems } = loadLinkFiles(files, root);
  if (problems.length > 0) {
    throw new LinkDeclarationError(
      `${problemSummary(problems)} of link declarations; nothing was sent to the API:\n${problems.map(formatProblem).join("\n")}`,
      problems,
    );
  }
  const links: Record<string, PaymentLink> = {};
  const urls: Record<string, Output<string>> = {};
  withoutStackTraces(() => {
    for (const { name, spec } of declarations) {
      const link = new PaymentLink(name, spec, options.resourceOptions);
      links[name] = link;
      urls[name] = link.url;
    }
  });
  return { links, urls, declarations };
}

/** The stack's `mytpe:links`, else links/. */
function stackSources(): string[] {
  return linkSourcesSetting(new Config("mytpe").get("links")) ?? DEFAULT_LINK_SOURCES;
}
