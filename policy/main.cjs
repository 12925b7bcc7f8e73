// The policy pack's entry point, plain CommonJS so that whatever starts it can load it: our
// language host and the official one both run @pulumi/pulumi/cmd/run-plugin, which `require`s
// this folder after registering ts-node (whose type-check of our sources fails). The TypeScript
// pack runs as a cached bundle instead (provider/bundled-module.mjs: no TypeScript loader to start),
// its packages (@pulumi/policy, @pulumi/pulumi) loaded from node_modules as usual.
// @pulumi/policy reads the pack's version from `${cwd}/package.json`, and the engine starts
// plugins in the program's folder: run from the pack's own folder.
process.chdir(__dirname);
import("../provider/bundled-module.mjs")
  .then(({ bundledModule }) => bundledModule("policy/index.ts", { packages: "external" }))
  .then((url) => import(url))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
