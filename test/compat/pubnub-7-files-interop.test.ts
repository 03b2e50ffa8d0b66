/**
 * Files between `@pubkit/node` and `pubnub@7.3.3` through the local server (docs/protocol.md §15), both ways, with
 * and without a cipher key: one sends, the other lists, downloads and decrypts; the file message (encrypted like
 * any message) reads on both sides; a wrong key is pubkit's `PubnubCryptoError`. pubnub@7.3.3 writes and reads
 * only the legacy IV-first layout, which is what pubkit writes (§15.4).
 */
import { randomBytes } from 'node:crypto';
import { PubnubCryptoError } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, useHarness } from '../adapters/node/support/server.js';
import { pubnub7, type Sdk7 } from './pubnub7.js';

/** The files calls of pubnub@7.3.3 these tests use (untyped CommonJS). */
interface Sdk7Files extends Sdk7 {
  sendFile(p: {
    channel: string;
    file: { data: Buffer; name: string };
    message?: unknown;
  }): Promise<{ timetoken: string; id: string; name: string }>;
  listFiles(p: { channel: string }): Promise<{ data: { id: string; name: string; size: number }[] }>;
  downloadFile(p: { channel: string; id: string; name: string }): Promise<{ toBuffer(): Promise<Buffer> }>;
  deleteFile(p: { channel: string; id: string; name: string }): Promise<{ status: number }>;
  fetchMessages(p: { channels: string[] }): Promise<{ channels: Record<string, { message: unknown }[]> }>;
}

describe('compat: files between pubkit and pubnub@7.3.3', function () {
  this.timeout(30_000);
  const h = useHarness();
  const sdks: Sdk7Files[] = [];
  afterEach(() => {
    for (const s of sdks.splice(0)) s.stop();
  });
  const seven = (uuid: string, cipherKey?: string): Sdk7Files => {
    const options = { url: h().url, publishKey: 'pub-open', subscribeKey: 'sub-open', uuid };
    const sdk = pubnub7(
      (cipherKey === undefined ? options : { ...options, cipherKey }) as Parameters<typeof pubnub7>[0],
    ) as Sdk7Files;
    sdks.push(sdk);
    return sdk;
  };

  for (const cipherKey of [undefined, 'shared-key']) {
    const label = cipherKey === undefined ? 'without a cipher key' : 'with a cipher key';

    it(`${label}: pubkit sends, pubnub@7.3.3 lists, downloads (decrypts) and reads the message`, async () => {
      // pubnub@7.3.3 encrypts messages with random IVs by default; pubkit says so to read the same messages.
      const pubkit = h().client(cipherKey === undefined ? {} : { cipherKey, useRandomIVs: true });
      const ch = channelName('interop');
      const data = randomBytes(1024 * 1024 + 7);
      const sent = await pubkit.sendFile({ channel: ch, file: { data, name: 'from-pubkit.bin' }, message: 'hi 7' });
      const sdk = seven('seven', cipherKey);
      expect((await sdk.listFiles({ channel: ch })).data.map((f) => f.id)).to.deep.equal([sent.id]);
      const file = await sdk.downloadFile({ channel: ch, id: sent.id, name: sent.name });
      expect((await file.toBuffer()).equals(data)).to.equal(true);
      const history = await sdk.fetchMessages({ channels: [ch] });
      expect(history.channels[ch]!.map((m) => m.message)).to.deep.equal([
        { message: 'hi 7', file: { name: 'from-pubkit.bin', id: sent.id } },
      ]);
      expect((await sdk.deleteFile({ channel: ch, id: sent.id, name: sent.name })).status).to.equal(200);
      expect((await pubkit.listFiles({ channel: ch })).data).to.deep.equal([]);
    });

    it(`${label}: pubnub@7.3.3 sends, pubkit lists, downloads (decrypts) and reads the message`, async () => {
      const sdk = seven('seven', cipherKey);
      const ch = channelName('interop');
      const data = randomBytes(1024 * 1024 + 9);
      const sent = await sdk.sendFile({ channel: ch, file: { data, name: 'from-7.bin' }, message: { n: 7 } });
      const pubkit = h().client(cipherKey === undefined ? {} : { cipherKey, useRandomIVs: true });
      expect((await pubkit.listFiles({ channel: ch })).data.map((f) => [f.id, f.name])).to.deep.equal([
        [sent.id, 'from-7.bin'],
      ]);
      const file = await pubkit.downloadFile({ channel: ch, id: sent.id, name: sent.name });
      expect((await file.toBuffer()).equals(data)).to.equal(true);
      const history = await pubkit.fetchMessages({ channels: [ch] });
      expect(history.channels[ch]!.map((m) => m.message)).to.deep.equal([
        { message: { n: 7 }, file: { name: 'from-7.bin', id: sent.id } },
      ]);
      expect(await pubkit.deleteFile({ channel: ch, id: sent.id, name: sent.name })).to.deep.equal({ status: 200 });
    });
  }

  it('a file pubnub@7.3.3 encrypted, downloaded by pubkit with another key: PubnubCryptoError', async () => {
    const sdk = seven('seven', 'right-key');
    const ch = channelName('interop');
    const sent = await sdk.sendFile({ channel: ch, file: { data: randomBytes(5000), name: 'x.bin' } });
    const pubkit = h().client({ cipherKey: 'wrong-key', useRandomIVs: true });
    const file = await pubkit.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    const err = await file.toBuffer().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PubnubCryptoError);
  });
});
