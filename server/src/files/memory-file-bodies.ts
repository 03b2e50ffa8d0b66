/**
 * File bodies in memory (the default): each body is the list of chunks it arrived in, never concatenated, so an
 * upload costs its own size and no copy. Bounded by the file service's byte budget (`file-service.ts`).
 */
import { Readable, Writable } from 'node:stream';
import type { BodySink, FileBodies, OpenedBody } from './file-bodies.js';

interface Body {
  readonly chunks: readonly Buffer[];
  readonly size: number;
}

/** Keeps bodies as chunk lists. */
export class MemoryFileBodies implements FileBodies {
  readonly #bodies = new Map<string, Body>();
  #bytes = 0;

  get memoryBytes(): number {
    return this.#bytes;
  }

  create(id: string): BodySink {
    let chunks: Buffer[] | undefined = [];
    let size = 0;
    const stream = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        if (chunks) {
          chunks.push(chunk);
          size += chunk.length;
          this.#bytes += chunk.length;
        }
        done();
      },
    });
    return {
      stream,
      commit: () => {
        if (chunks) {
          this.#drop(id);
          this.#bodies.set(id, { chunks, size });
          chunks = undefined;
        }
        return Promise.resolve();
      },
      discard: () => {
        if (chunks) this.#bytes -= size;
        chunks = undefined;
      },
    };
  }

  open(id: string): Promise<OpenedBody | undefined> {
    const body = this.#bodies.get(id);
    return Promise.resolve(body && { stream: Readable.from(body.chunks, { objectMode: false }), size: body.size });
  }

  remove(id: string): Promise<void> {
    this.#drop(id);
    return Promise.resolve();
  }

  #drop(id: string): void {
    const old = this.#bodies.get(id);
    if (!old) return;
    this.#bodies.delete(id);
    this.#bytes -= old.size;
  }
}
