// A sandbox layer for tests that kill the CLI at an exact request (not a test file itself).
import { jsonResponse, type Layer } from "../../src/sandbox/pipeline.ts";

/**
 * A sandbox layer that lets the request `matches` picks arrive and then holds it (applied first
 * when `apply`), so that the CLI is killed at that exact point, whatever the machine's speed.
 */
export function holdAt(matches: (method: string, path: string) => boolean, apply: boolean) {
  let armed = false;
  let arrived = false;
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  const layer: Layer = async (req, next) => {
    if (!armed || !matches(req.method, req.path)) return next(req);
    armed = false;
    const answer = apply ? await next(req) : undefined;
    arrived = true;
    await released;
    return answer ?? jsonResponse(503, { error: "SERVICE_UNAVAILABLE", message: "Cut off." });
  };
  return { layer, arm: () => (armed = true), arrived: () => arrived, release };
}
