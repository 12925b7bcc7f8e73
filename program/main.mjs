// The Pulumi program's entry (Pulumi.yaml `main`), plain JavaScript: runs program/index.ts as one
// cached bundle (provider/bundled-module.mjs) with the packages, the Pulumi SDK first, loaded from
// node_modules as usual. A TypeScript loader would see every module the SDK loads: ~1.5 s of each
// pulumi command's startup (issue #7). Stack outputs are the exports below.
import { bundledModule } from "../provider/bundled-module.mjs";

const program = await import(await bundledModule("program/index.ts", { packages: "external" }));

/** Public payment URL of every link, by name. */
export const linkUrls = program.linkUrls;
