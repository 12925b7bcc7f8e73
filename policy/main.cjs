// The policy pack's entry point, plain CommonJS so that whatever starts it can load it: our
// language host and the official one both run @pulumi/pulumi/cmd/run-plugin, which `require`s
// this folder after registering ts-node (whose type-check of our sources fails). tsx loads the
// TypeScript instead, through its ESM loader.
// @pulumi/policy reads the pack's version from `${cwd}/package.json`, and the engine starts
// plugins in the program's folder: run from the pack's own folder.
process.chdir(__dirname);
import("tsx/esm/api")
  .then(({ tsImport }) => tsImport("./index.ts", __filename))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
