// Declaring a resource makes the Pulumi SDK format a JavaScript stack trace about ten times (its
// source position, plus one per input for its promise-leak reports), each frame mapped through
// source maps: measured at ~9 ms of CPU per link, 4.5 s for 500 links, before the first link
// reaches the engine. For links declared in YAML those frames point into the SDK, not at the
// declaration, and the engine stores them in the state (~300 bytes per link). So while the
// program declares its links, a stack trace is just the error's first line, and no frames are
// captured for it (the SDK's promise-leak reports take one per input: 4 times cheaper without, #30;
// the SDK reads its source positions with a limit of its own).
// Checked by "records no stack trace for links declared in YAML" (test/e2e/state-and-serialization.test.ts).

/** Runs `declare` with stack traces reduced to the error's name and message, then restores them. */
export function withoutStackTraces<T>(declare: () => T): T {
  const saved = { prepare: Error.prepareStackTrace, limit: Error.stackTraceLimit };
  Error.prepareStackTrace = (error: Error) => `${error.name}: ${error.message}`;
  Error.stackTraceLimit = 0;
  try {
    return declare();
  } finally {
    Error.prepareStackTrace = saved.prepare;
    Error.stackTraceLimit = saved.limit;
  }
}
