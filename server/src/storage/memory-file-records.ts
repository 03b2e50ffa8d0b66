/**
 * File records in memory (the default store, `memory-storage.ts`): nothing survives `close()`. Bounded by the
 * caller: the file service removes the oldest files when its byte budget is full (docs/protocol.md §15.6), so
 * this holds no more records than that budget allows.
 */
import { compareFiles, type FileCursor, type FileRecords, type FileTotals, type StoredFile } from './file-records.js';

function keyOf(subKey: string, channel: string): string {
  return `${subKey}\u0000${channel}`;
}

/** Keeps file records in maps. */
export class MemoryFileRecords implements FileRecords {
  /** channel key → id → file. */
  readonly #byChannel = new Map<string, Map<string, StoredFile>>();
  /** Every file by id. */
  readonly #all = new Map<string, StoredFile>();
  #bytes = 0;

  putFile(file: StoredFile): Promise<void> {
    const key = keyOf(file.subKey, file.channel);
    this.#remove(file.id);
    let files = this.#byChannel.get(key);
    if (!files) {
      files = new Map();
      this.#byChannel.set(key, files);
    }
    files.set(file.id, file);
    this.#all.set(file.id, file);
    this.#bytes += file.size;
    return Promise.resolve();
  }

  file(subKey: string, channel: string, id: string): StoredFile | undefined {
    return this.#byChannel.get(keyOf(subKey, channel))?.get(id);
  }

  files(subKey: string, channel: string, limit: number, after?: FileCursor): StoredFile[] {
    const files = [...(this.#byChannel.get(keyOf(subKey, channel))?.values() ?? [])];
    return files
      .filter((f) => after === undefined || compareFiles(f, after) > 0)
      .sort(compareFiles)
      .slice(0, limit);
  }

  deleteFile(subKey: string, channel: string, id: string): Promise<boolean> {
    const found = this.file(subKey, channel, id) !== undefined;
    if (found) this.#remove(id);
    return Promise.resolve(found);
  }

  oldestFile(): StoredFile | undefined {
    // A scan, not the first of `#all`: upload order is the clock's order only while the clock never goes back.
    // Called only when the byte budget is full, so the scan is rare.
    let oldest: StoredFile | undefined;
    for (const f of this.#all.values()) if (!oldest || compareFiles(f, oldest) < 0) oldest = f;
    return oldest;
  }

  fileTotals(): FileTotals {
    return { count: this.#all.size, bytes: this.#bytes };
  }

  #remove(id: string): void {
    const old = this.#all.get(id);
    if (!old) return;
    this.#all.delete(id);
    this.#bytes -= old.size;
    const key = keyOf(old.subKey, old.channel);
    const files = this.#byChannel.get(key);
    files?.delete(id);
    if (files?.size === 0) this.#byChannel.delete(key);
  }
}
