// The sandbox's state: links and transactions in memory, written to one JSON file after every
// request that changed something, read back on start. Writes go to a temporary file that is then
// renamed over the old one, so a crash mid-write never leaves a half-written state file.

import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Link } from "./link.ts";
import type { Transaction } from "./payments.ts";
import { seedForms, seedInstances, type Form, type PaymentInstance } from "./seed.ts";

/** Everything the state file holds. */
export type SandboxState = {
  version: 1;
  links: Link[];
  transactions: Transaction[];
  instances: PaymentInstance[];
  forms: Form[];
};

export function emptyState(): SandboxState {
  return { version: 1, links: [], transactions: [], instances: seedInstances(), forms: seedForms() };
}

export class Store {
  readonly state: SandboxState;
  private readonly path: string | null;
  private dirty = false;

  private constructor(path: string | null, state: SandboxState) {
    this.path = path;
    this.state = state;
  }

  /** Loads `path` when it exists, else starts from the seed. `null` keeps state in memory only. */
  static open(path: string | null): Store {
    return new Store(path, path === null ? emptyState() : readState(path));
  }

  findLink(id: string): Link | undefined {
    return this.state.links.find((l) => l.id === id);
  }

  findLinkBySlug(slug: string): Link | undefined {
    return this.state.links.find((l) => l.slug === slug);
  }

  slugTaken(slug: string): boolean {
    return this.findLinkBySlug(slug) !== undefined;
  }

  instance(id: string): PaymentInstance | undefined {
    return this.state.instances.find((i) => i.id === id);
  }

  form(id: string): Form | undefined {
    return this.state.forms.find((f) => f.id === id);
  }

  /** Inserts or replaces a link (by id) and schedules a write. */
  saveLink(link: Link): void {
    const i = this.state.links.findIndex((l) => l.id === link.id);
    if (i === -1) this.state.links.push(link);
    else this.state.links[i] = link;
    this.dirty = true;
  }

  addTransaction(transaction: Transaction): void {
    this.state.transactions.push(transaction);
    this.dirty = true;
  }

  markDirty(): void {
    this.dirty = true;
  }

  /**
   * Writes the state file if anything changed since the last write. Synchronous on purpose: the
   * file is small, and the write must have landed before the response that reports it leaves.
   */
  flush(): void {
    if (!this.dirty || this.path === null) return;
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 2)}\n`);
    renameSync(tmp, this.path);
    this.dirty = false;
  }
}

function readState(path: string): SandboxState {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return emptyState();
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`Sandbox state file ${path} is not valid JSON; delete it to start from the seed.`);
  }
  if (!isState(parsed)) {
    throw new Error(`Sandbox state file ${path} does not hold sandbox state (version 1); delete it to start from the seed.`);
  }
  // A file written before the seed grew (the second trader) gets the seeded resources it lacks.
  const missing = <T extends { id: string }>(have: T[], seed: T[]) => seed.filter((item) => !have.some((own) => own.id === item.id));
  parsed.instances.push(...missing(parsed.instances, seedInstances()));
  parsed.forms.push(...missing(parsed.forms, seedForms()));
  return parsed;
}

function isState(value: unknown): value is SandboxState {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return v.version === 1 && Array.isArray(v.links) && Array.isArray(v.transactions) && Array.isArray(v.instances) && Array.isArray(v.forms);
}
