import type { Context } from 'hono';

export type LimitedBody = { readonly ok: true; readonly bytes: Uint8Array } | { readonly ok: false };

/**
 * The raw request body, or `{ ok: false }` once it is known to exceed `maxBytes` — from
 * Content-Length before reading anything, or while a chunked body streams in, without
 * buffering the rest. Hono's bodyLimit does the same but reads `c.req.raw.body`, which
 * makes @hono/node-server build a full web Request and stream for every delivery; with a
 * Content-Length (GitHub always sends one) this reads through node-server's direct path,
 * a third of the cost per request. Node's parser guarantees the body is exactly
 * Content-Length bytes.
 */
export async function readLimitedBody(c: Context, maxBytes: number): Promise<LimitedBody> {
  const length = c.req.header('content-length');
  if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
    if (!/^\d+$/.test(length) || Number(length) > maxBytes) return { ok: false };
    return { ok: true, bytes: new Uint8Array(await c.req.arrayBuffer()) };
  }
  // A request body streams bytes; the DOM typings leave its chunks untyped.
  const body = c.req.raw.body as ReadableStream<Uint8Array> | null;
  if (body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return { ok: false };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { ok: true, bytes };
}
