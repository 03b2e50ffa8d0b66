/**
 * The memory store's per-channel window (`historySize`) under a long run of writes to two channels, with reads,
 * counts and range deletes interleaved: it always holds exactly the newest `historySize` messages of each channel,
 * oldest first, and its byte figure follows them (the window drops its oldest entry by index and cuts the dead
 * prefix in batches, docs/performance.md §3; the model here is a plain array trimmed from the front).
 */
import { MemoryStorage, type StoredEntry } from '@pubkit/server';
import { expect } from 'chai';

const SUB = 'sub-w';
const SIZE = 10;

function entry(channel: string, tt: bigint): StoredEntry {
  return { channel, tt, payload: `{"n":${tt}}`, messageType: 0 };
}

describe('memory store: the history window', () => {
  it('keeps exactly the newest historySize messages per channel through drops, reads and deletes', async () => {
    const store = new MemoryStorage({ historySize: SIZE, maxChannels: 10, maxBytes: 1 << 24 });
    const model = new Map<string, bigint[]>([
      ['a', []],
      ['b', []],
    ]);
    const all = { count: 1_000 };
    for (let i = 1n; i <= 600n; i++) {
      const channel = i % 3n === 0n ? 'b' : 'a';
      await store.appendMessage(SUB, entry(channel, i));
      const kept = model.get(channel)!;
      kept.push(i);
      if (kept.length > SIZE) kept.shift();
      if (i % 97n === 0n) {
        // A range delete in the middle of the window.
        const from = kept[3]!;
        const to = kept[5]!;
        expect(await store.deleteMessages(SUB, channel, { start: from - 1n, end: to })).to.equal(3);
        model.set(
          channel,
          kept.filter((tt) => tt < from || tt > to),
        );
      }
      if (i % 100n === 0n) {
        for (const [name, tts] of model) {
          expect(store.messages(SUB, name, all, 0).map((e) => e.tt)).to.deep.equal(tts);
          expect(store.countMessages(SUB, name, 0n, 0)).to.equal(tts.length);
        }
      }
    }
    const bytes = [...model].reduce(
      (sum, [name, tts]) => sum + tts.reduce((s, tt) => s + 2 * (`{"n":${tt}}`.length + name.length) + 160, 0),
      0,
    );
    expect(store.stats().memoryBytes).to.equal(bytes);
    await store.close();
  });

  it('keeps channels apart whose keys have the same length (the newest channel is recognised in place)', async () => {
    const store = new MemoryStorage({ historySize: SIZE, maxChannels: 10, maxBytes: 1 << 24 });
    // (sub, channel) pairs of one key length: the NUL moves, or the channel differs in its last or first character.
    const pairs: [string, string][] = [
      ['ab', 'c'],
      ['a', 'bc'],
      ['a', 'bd'],
      ['a', 'cd'],
      ['ab', 'c'],
    ];
    let tt = 0n;
    for (const [sub, channel] of pairs) await store.appendMessage(sub, entry(channel, ++tt));
    const all = { count: 100 };
    expect(store.messages('ab', 'c', all, 0).map((e) => e.tt)).to.deep.equal([1n, 5n]);
    expect(store.messages('a', 'bc', all, 0).map((e) => e.tt)).to.deep.equal([2n]);
    expect(store.messages('a', 'bd', all, 0).map((e) => e.tt)).to.deep.equal([3n]);
    expect(store.messages('a', 'cd', all, 0).map((e) => e.tt)).to.deep.equal([4n]);
    await store.close();
  });

  it('past maxChannels drops the least recently written channel: one written again is kept', async () => {
    const store = new MemoryStorage({ historySize: SIZE, maxChannels: 3, maxBytes: 1 << 24 });
    let tt = 0n;
    // a, b, c; a again (now the newest); then d pushes the table past 3 channels: b, the oldest now, goes.
    for (const channel of ['a', 'b', 'c', 'a', 'd']) await store.appendMessage(SUB, entry(channel, ++tt));
    const all = { count: 100 };
    expect(store.messages(SUB, 'a', all, 0).map((e) => e.tt)).to.deep.equal([1n, 4n]);
    expect(store.messages(SUB, 'b', all, 0)).to.deep.equal([]);
    expect(store.messages(SUB, 'c', all, 0).map((e) => e.tt)).to.deep.equal([3n]);
    expect(store.messages(SUB, 'd', all, 0).map((e) => e.tt)).to.deep.equal([5n]);
    // c is the oldest now, then a.
    await store.appendMessage(SUB, entry('e', ++tt));
    expect(store.messages(SUB, 'c', all, 0)).to.deep.equal([]);
    await store.appendMessage(SUB, entry('f', ++tt));
    expect(store.messages(SUB, 'a', all, 0)).to.deep.equal([]);
    expect(store.messages(SUB, 'd', all, 0).map((e) => e.tt)).to.deep.equal([5n]);
    await store.close();
  });
});
