/**
 * File bodies on disk (`dataDir`): `{dataDir}/files/{id}`, written first to `{dataDir}/files/.partial/{id}` and
 * renamed into place on commit, so a reader never sees half a file and an interrupted upload leaves only a
 * partial file, which the next start removes. Memory stays flat whatever the size: bytes go from the socket to the
 * file with backpressure, and downloads stream from the file.
 */
import { createReadStream, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { BodySink, FileBodies, OpenedBody } from './file-bodies.js';

/** Keeps bodies as files under a directory. */
export class DiskFileBodies implements FileBodies {
  readonly memoryBytes = 0;
  readonly #dir: string;
  readonly #partial: string;

  /** Creates the directories; clears partial uploads left by an earlier process. @throws Error from the file system */
  constructor(dataDir: string) {
    this.#dir = join(dataDir, 'files');
    this.#partial = join(this.#dir, '.partial');
    rmSync(this.#partial, { recursive: true, force: true });
    mkdirSync(this.#partial, { recursive: true });
  }

  create(id: string): BodySink {
    // A per-upload suffix: two uploads of one form (allowed until it expires) never share a partial file.
    const partial = join(this.#partial, `${id}.${process.hrtime.bigint()}`);
    const stream = createWriteStream(partial);
    let settled = false;
    return {
      stream,
      commit: async () => {
        settled = true;
        await rename(partial, join(this.#dir, id));
      },
      discard: () => {
        if (settled) return;
        settled = true;
        stream.destroy();
        rm(partial, { force: true }).catch(() => {});
      },
    };
  }

  async open(id: string): Promise<OpenedBody | undefined> {
    let handle: Awaited<ReturnType<typeof open>>;
    try {
      handle = await open(join(this.#dir, id), 'r');
    } catch {
      return undefined;
    }
    const { size } = await handle.stat();
    return { stream: createReadStream('', { fd: handle, autoClose: true }), size };
  }

  async remove(id: string): Promise<void> {
    await rm(join(this.#dir, id), { force: true });
  }
}
