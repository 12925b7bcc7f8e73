// The Pulumi program: one payment link per link declared in the stack's YAML files (stack config
// `mytpe:links`, else links/), with the checks of `npm run check`. Stack output: each link's URL.
import { declareLinks } from "mytpe-links";

export const linkUrls = declareLinks().urls;
