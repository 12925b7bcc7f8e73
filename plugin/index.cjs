// Run by Pulumi's Node.js language host (`@pulumi/pulumi/cmd/run-plugin <this folder> <engine
// address>`): serves the plugin from the package's compiled code (src/plugin/serve.ts). Exports
// no component class, so the host does not switch to its component provider.
module.exports = import("../dist/plugin/serve.js").then(({ serve }) => serve(process.argv.slice(2)));
