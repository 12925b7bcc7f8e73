// Program side: the format of a links file — `defaults` and `links` by name — as a zod schema.
// Editors get it as schema/links.schema.json (scripts/generate-schema.ts); `check` reads files with
// link-files.ts, which applies the one link schema (link-spec.ts) to each merged link.
import { z } from "zod";
import { LinkFields } from "../link/link-spec.ts";
import { LINK_NAME, LINK_NAME_RULE } from "./link-name.ts";
import { mergedLinkRules } from "./merged-link-rules.ts";

/**
 * The format of a links file, for editors (schema/links.schema.json is generated from it). Every
 * field is optional in both parts, since a link may take any field from `defaults`; the rules
 * that need the merged link (required fields, modes) are stated for it by `mergedLinkRules`.
 */
const LinkBody = LinkFields.partial().meta({ id: "payment-link", description: "Fields of a payment link, with the API's wire names." });

export const LinkFile = z
  .strictObject({
    defaults: LinkBody.optional().meta({ description: "Fields merged into every link of this file; a link's own value wins." }),
    links: z
      .record(
        z
          .string()
          .regex(LINK_NAME)
          .meta({ errorMessage: `invalid link name: ${LINK_NAME_RULE}` }),
        LinkBody,
      )
      .meta({
        description: "Payment links by name: unique in the stack, lowercase letters, digits and dashes, at most 63 characters.",
      }),
  })
  .meta({
    title: "MyTPE payment links",
    description: "Payment links declared as code; checked with `npm run check`.",
    allOf: mergedLinkRules(LinkFields.shape),
  });
