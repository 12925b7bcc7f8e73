// Test harness: the real yaml-language-server (the npm package VS Code's YAML extension and other
// editors run), started over stdio and spoken to in LSP JSON-RPC as an editor does: `initialize`,
// settings the server pulls with `workspace/configuration`, `textDocument/didOpen`, and the
// diagnostics it publishes. One process serves many documents; `stop` ends it, killing if need be.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

/** A problem the server underlines: lines and characters count from 0, as in LSP. */
export interface Diagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  severity?: number;
}

type Message = { id?: number | string; method?: string; params?: unknown; result?: unknown; error?: { message: string } };

const SERVER = join(dirname(createRequire(import.meta.url).resolve("yaml-language-server/package.json")), "bin/yaml-language-server");

export class YamlLanguageServer {
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly replies = new Map<number, (message: Message) => void>();
  private readonly published = new Map<string, (diagnostics: Diagnostic[]) => void>();
  private stderr = "";

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    /** The settings the server reads, as a VS Code `settings.json` holds them (`yaml.schemas`, ...). */
    private readonly settings: Record<string, unknown>,
    private readonly timeoutMs: number,
  ) {
    child.stdout.on("data", (chunk: Buffer) => this.receive(chunk));
    child.stderr.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
  }

  /**
   * Starts the server on the workspace `root` with `settings` (the `yaml.*` keys of a VS Code
   * settings file), and waits until it has read them.
   */
  static async start(root: string, settings: Record<string, unknown>, timeoutMs = 60_000): Promise<YamlLanguageServer> {
    const child = spawn(process.execPath, [SERVER, "--stdio"], { cwd: root, stdio: "pipe" });
    const server = new YamlLanguageServer(child, settings, timeoutMs);
    const rootUri = pathToFileURL(resolve(root)).href;
    await server.request("initialize", {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: "workspace" }],
      capabilities: { workspace: { configuration: true }, textDocument: { publishDiagnostics: {} } },
    });
    server.notify("initialized", {});
    const pulled = server.configurationPulled();
    server.notify("workspace/didChangeConfiguration", { settings: {} });
    await pulled;
    return server;
  }

  /** Opens `path` with `text` and returns the diagnostics the server publishes for it. */
  async diagnose(path: string, text: string): Promise<Diagnostic[]> {
    const uri = pathToFileURL(resolve(path)).href;
    const diagnostics = this.within(`diagnostics of ${path}`, new Promise<Diagnostic[]>((done) => this.published.set(uri, done)));
    this.notify("textDocument/didOpen", { textDocument: { uri, languageId: "yaml", version: 1, text } });
    try {
      return await diagnostics;
    } finally {
      this.notify("textDocument/didClose", { textDocument: { uri } });
    }
  }

  /** Asks the server to shut down and exit; kills it if it has not within the timeout. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((done) => this.child.once("exit", () => done()));
    try {
      await this.within("shutdown", this.request("shutdown", null));
      this.notify("exit", null);
      await this.within("exit", exited);
    } catch {
      this.child.kill("SIGKILL");
      await exited;
    }
  }

  private configurationPulled(): Promise<void> {
    return this.within("the server's settings request", new Promise<void>((done) => (this.onConfigurationPulled = done)));
  }

  private onConfigurationPulled: (() => void) | undefined;

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    const reply = new Promise<unknown>((done, fail) =>
      this.replies.set(id, (message) => (message.error ? fail(new Error(`${method}: ${message.error.message}`)) : done(message.result))),
    );
    this.send({ jsonrpc: "2.0", id, method, params });
    return this.within(method, reply);
  }

  private notify(method: string, params: unknown): void {
    this.send({ jsonrpc: "2.0", method, params });
  }

  private send(message: object): void {
    const body = Buffer.from(JSON.stringify(message), "utf8");
    this.child.stdin.write(`Content-Length: ${String(body.length)}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8")) as Message;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.handle(message);
    }
  }

  private handle(message: Message): void {
    if (message.method === "textDocument/publishDiagnostics") {
      const { uri, diagnostics } = message.params as { uri: string; diagnostics: Diagnostic[] };
      this.published.get(uri)?.(diagnostics);
      this.published.delete(uri);
    } else if (message.method !== undefined && message.id !== undefined) {
      this.send({ jsonrpc: "2.0", id: message.id, result: this.answer(message) });
    } else if (typeof message.id === "number") {
      this.replies.get(message.id)?.(message);
      this.replies.delete(message.id);
    }
  }

  /** What an editor answers to the server's own requests: the settings, and yes to the rest. */
  private answer(message: Message): unknown {
    if (message.method !== "workspace/configuration") return null;
    const items = (message.params as { items: { section?: string }[] }).items;
    const answer = items.map((item) => (item.section === "yaml" ? this.yamlSection() : item.section === "http" ? {} : null));
    if (items.some((item) => item.section === "yaml")) queueMicrotask(() => this.onConfigurationPulled?.());
    return answer;
  }

  /** `{"yaml.schemas": ...}` as written in settings.json, as the `yaml` section the server asks for. */
  private yamlSection(): Record<string, unknown> {
    return Object.fromEntries(Object.entries(this.settings).map(([key, value]) => [key.replace(/^yaml\./, ""), value]));
  }

  private within<T>(what: string, promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, fail) => {
      timer = setTimeout(() => fail(new Error(`yaml-language-server: no ${what} within ${String(this.timeoutMs)} ms\n${this.stderr}`)), this.timeoutMs);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
