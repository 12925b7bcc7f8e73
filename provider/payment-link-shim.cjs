// Runs inside the Pulumi provider host (a plain `node`, no TypeScript loader): required by the
// small text stored in state as each PaymentLink's `__provider` (PAYMENT_LINK_PROVIDER in
// payment-link.ts). It loads the real provider (payment-link-host.ts) as a cached bundle
// (bundled-module.mjs: no TypeScript loader to start) and hands the host an object with the
// dynamic-provider methods.
"use strict";
exports.handler = () => {
  let ready;
  const load = async (config) => {
    const { bundledModule } = await import("./bundled-module.mjs");
    const { PaymentLinkHost } = await import(await bundledModule("provider/payment-link-host.ts", { packages: "external" }));
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
