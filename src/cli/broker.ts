// `mytpe-links broker`: serves the read-only broker (src/broker/) until SIGINT/SIGTERM. It holds
// the MyTPE keys (MYTPE_API_KEY, MYTPE_API_SECRET) and forwards only GET requests from clients that
// present its own credentials (MYTPE_BROKER_KEY, MYTPE_BROKER_SECRET): the preview environments
// hold those and point MYTPE_API_URL at the broker, so no preview can change a link
// (docs/security.md, "The preview keys").
import { readFileSync } from "node:fs";
import { isLoopback, resolveSettings } from "../provider/provider-settings.ts";
import { startBroker, type Broker } from "../broker/broker-server.ts";
import { commandArgs, HELP } from "./command-args.ts";
import type { CliIo } from "./project.ts";

export const USAGE = `usage: mytpe-links broker [--listen HOST:PORT] [--upstream URL] [--tls-cert FILE --tls-key FILE]
  Forwards GET requests, and nothing else, to the MyTPE API with the keys MYTPE_API_KEY and
  MYTPE_API_SECRET, for clients presenting MYTPE_BROKER_KEY and MYTPE_BROKER_SECRET (shaped as
  keys: mtk_live_ and mts_live_ followed by 32 hexadecimal digits). Point the previews'
  MYTPE_API_URL at the URL it prints, and give them the broker's credentials only.
  --listen     where to listen (default 127.0.0.1:8787); anything but loopback needs TLS
  --upstream   the API (default: MYTPE_API_URL, else https://api.mytpe.appp/api/ext)
  --tls-cert, --tls-key   PEM files: serve HTTPS`;

/** What a client credential looks like: the provider checks keys for this shape. */
const CLIENT_KEY = /^mtk_live_[0-9a-f]{32}$/;
const CLIENT_SECRET = /^mts_live_[0-9a-f]{32}$/;

/** Until the process is asked to stop. */
function stopSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

/** Serves until `until` settles (SIGINT or SIGTERM by default); exit 0 then, 2 on a mistake. */
export async function brokerCommand(args: readonly string[], io: CliIo, until: (broker: Broker) => Promise<void> = stopSignal): Promise<number> {
  const options = {
    listen: { type: "string" },
    upstream: { type: "string" },
    "tls-cert": { type: "string" },
    "tls-key": { type: "string" },
    help: HELP,
  } as const;
  const parsed = commandArgs(args, { options }, USAGE, io);
  if (typeof parsed === "number") return parsed;
  const { values } = parsed;
  const listen = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(values.listen ?? "127.0.0.1:8787");
  if (!listen) {
    io.err(`--listen: expected HOST:PORT, got ${JSON.stringify(values.listen)}\n${USAGE}`);
    return 2;
  }
  const host = listen[1] ?? listen[2]!;
  if ((values["tls-cert"] === undefined) !== (values["tls-key"] === undefined)) {
    io.err(`--tls-cert and --tls-key go together\n${USAGE}`);
    return 2;
  }
  if (values["tls-cert"] === undefined && !isLoopback(host)) {
    io.err(`--listen ${host}: the broker serves plain HTTP only on loopback (put a TLS proxy in front), else give --tls-cert and --tls-key`);
    return 2;
  }
  let settings: ReturnType<typeof resolveSettings>;
  try {
    // The keys and the API as the provider would resolve them, checked the same way (https, both keys).
    settings = resolveSettings(undefined, { ...io.env, ...(values.upstream !== undefined ? { MYTPE_API_URL: values.upstream } : {}) });
  } catch (error) {
    io.err(`broker: ${(error as Error).message}`);
    return 2;
  }
  const clientKey = io.env["MYTPE_BROKER_KEY"] ?? "";
  const clientSecret = io.env["MYTPE_BROKER_SECRET"] ?? "";
  if (!CLIENT_KEY.test(clientKey) || !CLIENT_SECRET.test(clientSecret)) {
    io.err(
      "broker: MYTPE_BROKER_KEY and MYTPE_BROKER_SECRET must be set, shaped as keys (mtk_live_ and mts_live_ followed by 32 hexadecimal digits): e.g. `echo mtk_live_$(openssl rand -hex 16)`",
    );
    return 2;
  }
  if (clientKey === settings.apiKey || clientSecret === settings.apiSecret) {
    io.err("broker: the broker's credentials must differ from the MyTPE keys it holds: the previews would hold the keys themselves");
    return 2;
  }
  const broker = await startBroker({
    upstream: new URL(settings.apiUrl),
    apiKey: settings.apiKey,
    apiSecret: settings.apiSecret,
    clientKey,
    clientSecret,
    host,
    port: Number(listen[3]),
    ...(values["tls-cert"] !== undefined && values["tls-key"] !== undefined
      ? { tls: { cert: readFileSync(values["tls-cert"]), key: readFileSync(values["tls-key"]) } }
      : {}),
    log: io.err,
  });
  io.out(`broker: ${broker.url} forwards GET requests to ${settings.apiUrl}`);
  await until(broker);
  await broker.close();
  return 0;
}
