// Runs inside the Pulumi provider host. This file's text, less its comment lines, is what
// Pulumi stores as `__provider` in the state of every PaymentLink; the dynamic-provider host (a
// plain `node`, no TypeScript loader) evaluates it and calls `handler()`.
// Written by hand rather than produced by Pulumi's closure serializer: it stays a few hundred
// bytes (it is stored twice per link), captures nothing (no secrets, no schemas), and has none of
// the serializer's traps. It loads the real provider (payment-link-host.ts) from the project
// through tsx's API, so every resource, old or new, runs the current code.
"use strict";
exports.handler = () => {
  let ready;
  const load = async (config) => {
    const { tsImport } = await import("tsx/esm/api");
    const { pathToFileURL } = await import("node:url");
    const { existsSync } = await import("node:fs");
    const { dirname, join } = await import("node:path");
    let root = process.cwd();
    while (!existsSync(join(root, "provider/payment-link-host.ts")) && dirname(root) !== root) root = dirname(root);
    const { PaymentLinkHost } = await tsImport("./provider/payment-link-host.ts", pathToFileURL(root + "/").href);
    return new PaymentLinkHost(config);
  };
  // The host caches this object before `configure` resolves: concurrent calls share `ready`.
  const host = () => (ready ??= load(undefined));
  return {
    configure: (req) => (ready = load(req.config)).then(() => undefined),
    check: async (olds, news) => (await host()).check(olds, news),
    diff: async (id, olds, news) => (await host()).diff(id, olds, news),
    create: async (inputs) => (await host()).create(inputs),
    read: async (id, props) => (await host()).read(id, props || {}),
    update: async (id, olds, news) => (await host()).update(id, olds, news),
    delete: async (id, props) => (await host()).delete(id, props),
  };
};
