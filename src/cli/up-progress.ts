// What `mytpe-links up` says while a long run goes on (a campaign against a rate-limited API takes
// minutes): how many links are done out of how many. Read from the engine's event log, the JSON
// stream Pulumi's own Automation API reads (`--event-log`, enabled by PULUMI_DEBUG_COMMANDS).
import { closeSync, openSync, readSync } from "node:fs";
import { isPaymentLinkType } from "../provider/protocol.ts";

export interface Progress {
  /** Links whose step has begun. */
  started: number;
  /** Links whose step has ended (created, updated, replaced, archived, or left as they were). */
  done: number;
}

/** The progress after these event lines (one JSON event each), from `previous`. Pure. */
export function progressOf(lines: readonly string[], previous: Progress = { started: 0, done: 0 }): Progress {
  let { started, done } = previous;
  for (const line of lines) {
    let event: Record<string, { metadata?: { type?: string } } | undefined>;
    try {
      event = JSON.parse(line) as typeof event;
    } catch {
      continue; // A line the engine is still writing: read whole next time.
    }
    if (isPaymentLinkType(event["resourcePreEvent"]?.metadata?.type)) started++;
    if (isPaymentLinkType(event["resOutputsEvent"]?.metadata?.type)) done++;
  }
  return { started, done };
}

/** "57/120 links done" when the declared links are known, else "57 links done, 3 in progress". */
export function progressLine(progress: Progress, declared?: number): string {
  if (declared !== undefined && declared >= progress.started) return `mytpe-links: ${progress.done}/${declared} links done`;
  return `mytpe-links: ${progress.done} link${progress.done === 1 ? "" : "s"} done, ${progress.started - progress.done} in progress`;
}

/** The complete lines appended to a file since the last read. */
export class FileTail {
  private offset = 0;
  private partial = "";

  constructor(private readonly file: string) {}

  lines(): string[] {
    let fd: number;
    try {
      fd = openSync(this.file, "r");
    } catch {
      return []; // Not written yet.
    }
    try {
      const buffer = Buffer.alloc(64 * 1024);
      let text = "";
      for (let read = readSync(fd, buffer, 0, buffer.length, this.offset); read > 0; read = readSync(fd, buffer, 0, buffer.length, this.offset)) {
        this.offset += read;
        text += buffer.subarray(0, read).toString("utf8");
      }
      const lines = (this.partial + text).split("\n");
      this.partial = lines.pop() ?? "";
      return lines.filter((line) => line.trim() !== "");
    } finally {
      closeSync(fd);
    }
  }
}
