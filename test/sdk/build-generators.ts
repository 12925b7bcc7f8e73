// `npm run sdk:generators`: builds the SDK generators the SDK tests use (test/sdk/sdk-generators.ts)
// into the package's cache, once: CI runs it beside the Pulumi CLI's build, before `npm test`, so
// that the tests' own first build (a cold Go build of Pulumi's code generators) is not timed.
import { buildGenerators } from "./sdk-generators.ts";

await buildGenerators();
