/**
 * A minimal EventSource for tests, over Node's fetch: it parses the stream into events and comments, so a test can
 * wait for what it expects and then drop the connection (as a browser tab does) with `close()`.
 */

/** One parsed SSE frame: an event (with `event`, `id`, `data`) or a comment. */
export interface SseFrame {
  readonly event?: string;
  readonly id?: string;
  readonly data?: string;
  readonly comment?: string;
}

/** An open stream. */
export class SseClient {
  readonly frames: SseFrame[] = [];
  readonly #abort = new AbortController();
  #waiters: Array<() => void> = [];
  #ended = false;

  private constructor(readonly response: Response) {}

  /** Opens a stream; resolves once the response headers arrived (any status: check `response.status`). */
  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const abort = new AbortController();
    const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    const client = new SseClient(response);
    client.#abort.signal.addEventListener('abort', () => abort.abort());
    if (response.body !== null && response.headers.get('content-type')?.startsWith('text/event-stream')) {
      void client.#pump(response.body);
    }
    return client;
  }

  /** The `event:` frames only. */
  get events(): SseFrame[] {
    return this.frames.filter((f) => f.event !== undefined);
  }

  /** Waits until a frame matches (looking at frames already received too). */
  async waitFor(match: (frame: SseFrame) => boolean, timeoutMs = 5000): Promise<SseFrame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.frames.find(match);
      if (found !== undefined) return found;
      if (this.#ended) throw new Error(`stream ended; frames: ${JSON.stringify(this.frames)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames: ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Drops the connection, as a closed browser tab does. */
  close(): void {
    this.#abort.abort();
  }

  async #pump(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          this.frames.push(parseFrame(buffer.slice(0, end)));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        this.#wake();
      }
    } catch {
      // aborted by close(), or the server ended the stream
    } finally {
      this.#ended = true;
      this.#wake();
    }
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

function parseFrame(text: string): SseFrame {
  const frame: { event?: string; id?: string; data?: string; comment?: string } = {};
  const data: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) frame.comment = line.slice(1).trim();
    else if (line.startsWith('event: ')) frame.event = line.slice(7);
    else if (line.startsWith('id: ')) frame.id = line.slice(4);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length > 0) frame.data = data.join('\n');
  return frame;
}
