#!/usr/bin/env node
// `pulumi-resource-mytpe` (package.json `bin`, and plugin/index.cjs for the plugin folder): the
// MyTPE provider as a Pulumi resource plugin, started by the engine with its address.
import { serve } from "./serve.ts";

await serve(process.argv.slice(2));
