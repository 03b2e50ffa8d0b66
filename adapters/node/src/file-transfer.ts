/**
 * Streaming HTTP for file contents (docs/protocol.md §15): the upload form to storage and the download from the
 * service and its storage redirect. The JSON calls of files go through the client's `UndiciTransport` like every
 * other request; file bodies do not, because that transport collects whole bodies (bounded by
 * `maxResponseBytes`) and a file must flow through in chunks, in both directions, with memory flat.
 *
 * Theory of operation:
 * - One undici `Agent` per client, created on the first transfer (storage may be another origin than the
 *   service's), keep-alive, destroyed by `close()`. Every transfer in flight has an `AbortController`; `close()`
 *   aborts them all, so no socket outlives the client.
 * - Bodies are streams: the request body is a Readable (the form's head, the file's chunks, its tail) and
 *   the response body is undici's Readable, handed to the caller. Backpressure is the streams' own.
 * - Deadlines: a file can take long, so the limits are on silence, not on the whole transfer: no response head
 *   within `timeoutMs` after the body was sent, or no body chunk for `timeoutMs`, fails it (`PubnubTimeoutError`).
 * - Failures are classified like every other request (`transport-errors.ts`).
 */
import type { Readable } from 'node:stream';
import { type Operation, PubnubAbortError, PubnubStateError } from '@pubkit/core';
import type { Agent } from 'undici';
import { classifyTransportError } from './transport-errors.js';

/** How long a file transfer may stay silent: PubNub's own file timeout (300 s). */
export const FILE_TIMEOUT_MS = 300_000;

/** A request of `FileTransfer.request`. */
export interface TransferRequest {
  readonly operation: Operation;
  readonly method: 'GET' | 'POST';
  /** Absolute URL. */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: Readable | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A response whose body has not been read. */
export interface TransferResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, as it arrives. Read it to the end or destroy it. */
  readonly body: Readable;
}

/** The streaming side of a client's HTTP; one per client, shared with its views. */
export class FileTransfer {
  readonly #timeoutMs: number;
  readonly #connectTimeoutMs: number;
  #agent: Agent | undefined;
  readonly #live = new Set<AbortController>();
  #closed = false;

  /**
   * @param timeoutMs longest silence of a transfer
   * @default timeoutMs FILE_TIMEOUT_MS
   */
  constructor(timeoutMs = FILE_TIMEOUT_MS, connectTimeoutMs = 10_000) {
    this.#timeoutMs = timeoutMs;
    this.#connectTimeoutMs = connectTimeoutMs;
  }

  /** Transfers in flight (request sent, response body not yet finished). */
  get inFlight(): number {
    return this.#live.size;
  }

  /**
   * Sends a request and resolves at the response head; the body streams afterwards. The transfer counts as in
   * flight until its body ends, errors or is destroyed.
   * @throws never: rejects with `PubnubStateError` after `close()`, else a transport error
   */
  async request(req: TransferRequest): Promise<TransferResponse> {
    if (this.#closed) throw new PubnubStateError('the client is closed', { operation: req.operation });
    if (req.signal?.aborted === true) {
      throw new PubnubAbortError(undefined, { operation: req.operation, cause: req.signal.reason });
    }
    const controller = new AbortController();
    const onAbort = (): void => controller.abort(new PubnubAbortError(undefined, { operation: req.operation }));
    req.signal?.addEventListener('abort', onAbort, { once: true });
    this.#live.add(controller);
    const done = (): void => {
      this.#live.delete(controller);
      req.signal?.removeEventListener('abort', onAbort);
    };
    try {
      const { request } = await import('undici');
      const res = await request(req.url, {
        dispatcher: await this.#dispatcher(),
        method: req.method,
        headers: req.headers,
        body: req.body ?? null,
        signal: controller.signal,
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      const body = res.body as unknown as Readable;
      body.once('close', done);
      return { status: res.statusCode, headers, body };
    } catch (err) {
      done();
      const reason = controller.signal.aborted ? controller.signal.reason : err;
      throw classifyTransportError(reason, req.operation, this.#timeoutMs, this.#connectTimeoutMs, false);
    }
  }

  /** Aborts every transfer in flight and destroys the sockets. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    const reason = new PubnubAbortError('the client was closed');
    for (const controller of [...this.#live]) controller.abort(reason);
    this.#live.clear();
    const agent = this.#agent;
    this.#agent = undefined;
    await agent?.destroy();
  }

  async #dispatcher(): Promise<Agent> {
    if (this.#agent === undefined) {
      const { Agent } = await import('undici');
      // Checked again: `close()` may have run while undici loaded.
      if (this.#closed) throw new PubnubStateError('the client is closed');
      this.#agent ??= new Agent({ keepAliveTimeout: 4_000, connectTimeout: this.#connectTimeoutMs });
    }
    return this.#agent;
  }
}

/**
 * Reads a (small) body to text, at most `maxBytes`; the rest is discarded and the stream destroyed. For error
 * answers, whose words go into the error.
 * @default maxBytes 64 KiB
 */
export async function readBodyText(body: Readable, maxBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of body) {
      const buf = chunk as Buffer;
      if (bytes + buf.length > maxBytes) {
        chunks.push(buf.subarray(0, maxBytes - bytes));
        body.destroy();
        break;
      }
      chunks.push(buf);
      bytes += buf.length;
    }
  } catch {
    // A body that broke off mid-way still gives what arrived.
  }
  return Buffer.concat(chunks).toString('utf8');
}
