// This repository's own Pulumi program (Pulumi.yaml `main`), written exactly as a campaign
// repository's: the package's public entry point, by its name. It declares the links of the
// stack's YAML files (stack config `mytpe:links`, else links/) and exports their URLs.
import { declareLinks } from "mytpe-links";

/** Public payment URL of every link, by name. */
export const linkUrls = declareLinks().urls;
