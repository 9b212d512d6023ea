import { ValidationError } from "@countersign/shared";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../deps";

/** No body we accept nests deeper than this; a policy document is about six levels deep. */
export const maxJsonDepth = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x7b, 0x5b]);
const CLOSERS = new Set([0x7d, 0x5d]);

/**
 * How deeply the JSON text nests (objects and arrays), counted over the raw bytes without
 * parsing; stops counting once past `limit`. UTF-8 never hides these ASCII bytes in a sequence.
 */
export function jsonNestingDepth(bytes: Uint8Array, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index] as number;
    if (inString) {
      if (byte === BACKSLASH) {
        index += 1;
      } else if (byte === QUOTE) {
        inString = false;
      }
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPENERS.has(byte)) {
      depth += 1;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) {
          return deepest;
        }
      }
    } else if (CLOSERS.has(byte)) {
      depth -= 1;
    }
  }
  return deepest;
}

/**
 * Refuses a body nested deeper than `maxDepth` with a 400 before any parser or validator walks
 * it (recursive walks of hostile nesting cost stack and time). Mount it after a body limit: it
 * reads the whole body, which Hono then keeps for the route.
 */
export function jsonDepthLimit(maxDepth = maxJsonDepth) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method;
    if (method === "GET" || method === "HEAD" || method === "OPTIONS" || !c.req.raw.body) {
      await next();
      return;
    }
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (jsonNestingDepth(raw, maxDepth) > maxDepth) {
      throw new ValidationError("The JSON body is nested too deeply.", [
        { path: "body", message: `nested deeper than ${maxDepth} levels` },
      ]);
    }
    // Routes that read the raw stream again (bodyLimit, HMAC checks) get the same bytes.
    c.req.raw = new Request(c.req.raw, { body: raw, duplex: "half" } as RequestInit);
    await next();
  });
}
