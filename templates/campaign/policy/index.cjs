// The policy pack for payment links: the rules of `mytpe-links/policy` (keep, drop or add rules
// below). CommonJS, because the engine starts a Node.js pack through @pulumi/pulumi's run-plugin,
// which require()s this folder. @pulumi/policy reads the pack's version from the package.json of
// the working directory, and the engine starts plugins in the program's folder: run from here.
process.chdir(__dirname);
const { PolicyPack } = require("@pulumi/policy");

import("mytpe-links/policy")
  .then(({ policies }) => new PolicyPack("mytpe-links", { policies: [...policies] }))
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
