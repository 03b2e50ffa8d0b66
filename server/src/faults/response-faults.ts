/**
 * Faults applied to a response the server writes normally: `delay` (the whole answer held a while), `truncate`
 * (part of the body, then the connection closes) and `drip` (the body a few bytes at a time). Both wrap `res.end` of one response, which is how every
 * answer of the server is finished (`reply.ts`), so no handler knows about faults.
 *
 * Why `delay` holds the answer rather than the request: requests pipelined on one connection are handled in the
 * order they arrive (a publish's order is its position on the connection, docs/architecture.md §5); holding one
 * request back would let the next overtake it, which no slow link or slow server does.
 *
 * Bounds: a delay or a drip holds one timer per response, registered with the injector's `timers` set so `close()`
 * clears it; it also stops when the connection closes.
 */
import type { ServerResponse } from 'node:http';

/** Where the injector tracks live timers (cleared on close). */
export type TimerSet = Set<NodeJS.Timeout>;

function bodyBytes(chunk: unknown, encoding: unknown): Buffer {
  if (chunk === undefined || chunk === null || typeof chunk === 'function') return Buffer.alloc(0);
  if (Buffer.isBuffer(chunk)) return chunk;
  if (chunk instanceof Uint8Array) return Buffer.from(chunk);
  return Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
}

/** Sends only the first `bytes` of the body (default half), then destroys the connection. */
export function truncateResponse(res: ServerResponse, bytes: number | undefined): void {
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    const body = bodyBytes(chunk, encoding);
    const keep = Math.min(body.length, bytes ?? Math.floor(body.length / 2));
    if (keep === body.length && body.length > 0) {
      // Nothing to cut: cut the last byte anyway, or the fault would be invisible.
      res.write(body.subarray(0, keep - 1), () => res.destroy());
    } else res.write(body.subarray(0, keep), () => res.destroy());
    return res;
  }) as ServerResponse['end'];
}

/** Holds the whole answer `ms` after the handler finished it. */
export function delayResponse(res: ServerResponse, ms: number, timers: TimerSet): void {
  const end = res.end.bind(res) as (chunk?: unknown, encoding?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!res.destroyed) end(chunk, encoding);
    }, ms);
    timer.unref();
    timers.add(timer);
    res.once('close', () => {
      clearTimeout(timer);
      timers.delete(timer);
    });
    return res;
  }) as ServerResponse['end'];
}

/** Sends the body `chunkBytes` every `intervalMs`. */
export function dripResponse(res: ServerResponse, chunkBytes: number, intervalMs: number, timers: TimerSet): void {
  const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
  res.end = ((chunk?: unknown, encoding?: unknown) => {
    const body = bodyBytes(chunk, encoding);
    let at = 0;
    const timer = setInterval(() => {
      if (res.destroyed) stop();
      else if (at + chunkBytes >= body.length) {
        stop();
        end(body.subarray(at));
      } else {
        res.write(body.subarray(at, at + chunkBytes));
        at += chunkBytes;
      }
    }, intervalMs);
    timer.unref();
    timers.add(timer);
    const stop = () => {
      clearInterval(timer);
      timers.delete(timer);
    };
    res.once('close', stop);
    return res;
  }) as ServerResponse['end'];
}
