/**
 * Test helpers for the server suites: a server per test on 127.0.0.1 port 0, a mutable fake clock, and a raw
 * HTTP client that opens one connection per request (`agent: false`, `Connection: close`), so no socket outlives
 * its request and the root leak check stays quiet.
 */
import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { encodeQuery, type PnRequest, sign } from '@pubkit/core';
import { type RunningServer, type ServerOptions, startServer } from '@pubkit/server';

/** The PAM keyset the server suites use. */
export const PAM_KEYS = { publishKey: 'pub', subscribeKey: 'sub', secretKey: 'sec' } as const;
/** A fixed "now" for signed requests (seconds). */
export const NOW_SEC = 1_795_882_643;
const hmac = { hmacSha256: (k: Uint8Array, d: Uint8Array) => createHmac('sha256', k).update(d).digest() };

/** A v2-signed path with `PAM_KEYS` (what pubkit's own client sends). */
export function signed(path: string, query: Record<string, string>, nowSec = NOW_SEC): string {
  const req = { operation: 'grant', method: 'GET', path, query, headers: {}, timeoutMs: 1 } as unknown as PnRequest;
  return `${path}?${encodeQuery(sign(req, PAM_KEYS, nowSec, hmac).query)}`;
}

/** A clock the test moves by hand. */
export interface FakeClock {
  ms: number;
  nowMs(): number;
}

/** A fake clock at `ms`. */
export function fakeClock(ms: number): FakeClock {
  return {
    ms,
    nowMs() {
      return this.ms;
    },
  };
}

/** A response as the tests see it. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  /** `JSON.parse(text)` (numbers over 2^53 lose precision: check `text` for exact tokens). */
  readonly json: unknown;
}

/** Request options. */
export interface Send {
  readonly method?: string;
  readonly body?: string | Buffer;
  readonly headers?: Record<string, string>;
  readonly signal?: AbortSignal;
}

/** Sends one request on a fresh connection and reads the whole answer. */
export function send(base: string, path: string, opts: Send = {}): Promise<Reply> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: opts.method ?? 'GET',
        agent: false,
        headers: { connection: 'close', ...opts.headers },
        ...(opts.signal ? { signal: opts.signal } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A started server plus a bound `get`. */
export interface Harness {
  readonly server: RunningServer;
  get(path: string, opts?: Send): Promise<Reply>;
  close(): Promise<void>;
}

/** Starts a server with short poll timeouts for tests. */
export async function harness(options: ServerOptions = {}): Promise<Harness> {
  const server = await startServer({ port: 0, pollTimeoutMs: 300, ...options });
  return { server, get: (path, opts) => send(server.url, path, opts), close: () => server.close() };
}

/** `encodeURIComponent` of a JSON value. */
export function enc(value: unknown): string {
  return encodeURIComponent(JSON.stringify(value));
}

/** Waits `ms` of real time. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
