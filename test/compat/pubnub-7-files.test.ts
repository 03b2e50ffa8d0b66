/**
 * `pubnub@7.3.3` sends, lists, downloads and deletes files against pubkit's server, with and without a cipher key
 * (docs/protocol.md §15): its own upload form POST to the server's storage endpoint, its publish-file, the download
 * redirect it follows, file events on subscribe and file messages in history. Access Manager guards every files
 * endpoint for it as for publish and history.
 */
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import { send } from '../server/helpers.js';
import { until } from '../support/until.js';
import { pubnub7, type Sdk7, sdk7Status } from './pubnub7.js';

const OPEN = { publishKey: 'pub-f', subscribeKey: 'sub-f' };
const PAM = { publishKey: 'pub-fp', subscribeKey: 'sub-fp', secretKey: 'sec-fp' };

interface SentFile {
  timetoken: string;
  id: string;
  name: string;
}
interface ListedFile {
  name: string;
  id: string;
  size: number;
  created: string;
}
interface FileEvent {
  channel: string;
  message: unknown;
  publisher: string;
  file: { id: string; name: string; url: string };
}
interface Sdk7Error {
  message?: string;
  status?: { statusCode?: number };
}

/** The files calls of pubnub@7.3.3 (untyped CommonJS) as these tests use them. */
interface Sdk7Files extends Sdk7 {
  sendFile(p: {
    channel: string;
    file: { data: Buffer; name: string; mimeType?: string };
    message?: unknown;
    meta?: unknown;
    storeInHistory?: boolean;
    cipherKey?: string;
  }): Promise<SentFile>;
  listFiles(p: { channel: string; limit?: number; next?: string }): Promise<{
    status: number;
    data: ListedFile[];
    next?: string;
    count: number;
  }>;
  getFileUrl(p: { channel: string; id: string; name: string }): string;
  downloadFile(p: { channel: string; id: string; name: string; cipherKey?: string }): Promise<{
    name: string;
    mimeType?: string;
    toBuffer(): Promise<Buffer>;
  }>;
  deleteFile(p: { channel: string; id: string; name: string }): Promise<{ status: number }>;
  fetchMessages(p: { channels: string[]; includeMessageType?: boolean; stringifiedTimeToken?: boolean }): Promise<{
    channels: Record<string, { message: unknown; messageType?: number | null; timetoken: string }[]>;
  }>;
  addListener(l: { file?: (e: FileEvent) => void; status?: (s: { category: string }) => void }): void;
  subscribe(p: { channels: string[] }): void;
}

describe('compat: pubnub@7.3.3 files', function () {
  this.timeout(30_000);
  let server: RunningServer;
  const sdks: Sdk7Files[] = [];
  let n = 0;
  const channel = () => `files7-${process.pid}-${++n}`;

  before(async () => {
    server = await startServer({ port: 0, keysets: [OPEN, PAM] });
  });
  afterEach(() => {
    for (const s of sdks.splice(0)) {
      s.unsubscribeAll();
      s.stop();
    }
  });
  after(() => server.close());

  const sdk = (uuid: string, keys: Record<string, string> = OPEN, extra: Record<string, unknown> = {}) => {
    const s = pubnub7({ url: server.url, uuid, ...keys, ...extra } as Parameters<typeof pubnub7>[0]) as Sdk7Files;
    sdks.push(s);
    return s;
  };

  it('sends a file, lists it, downloads the same bytes and type through the redirect, then deletes it', async () => {
    const ch = channel();
    const seven = sdk('seven');
    const data = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const sent = await seven.sendFile({
      channel: ch,
      file: { data, name: 'photo.jpg', mimeType: 'image/jpeg' },
      message: { caption: 'look' },
    });
    expect(sent.name).to.equal('photo.jpg');
    expect(sent.id).to.match(/^[0-9a-f-]{36}$/);

    const listed = await seven.listFiles({ channel: ch });
    expect(listed.count).to.equal(1);
    expect(listed.data.map((f) => [f.id, f.name, f.size])).to.deep.equal([[sent.id, 'photo.jpg', data.length]]);
    expect(Date.parse(listed.data[0]!.created)).to.be.closeTo(Date.now(), 60_000);

    const url = seven.getFileUrl({ channel: ch, id: sent.id, name: sent.name });
    expect(url.startsWith(`${server.url}/v1/files/${OPEN.subscribeKey}/channels/${ch}/files/${sent.id}/photo.jpg`)).to
      .be.true;
    const got = await sdk('reader').downloadFile({ channel: ch, id: sent.id, name: sent.name });
    expect((await got.toBuffer()).equals(data)).to.be.true;
    expect(got.mimeType).to.equal('image/jpeg');

    expect((await seven.deleteFile({ channel: ch, id: sent.id, name: sent.name })).status).to.equal(200);
    expect((await seven.listFiles({ channel: ch })).data).to.deep.equal([]);
    expect(await sdk7Status(seven.downloadFile({ channel: ch, id: sent.id, name: sent.name }))).to.equal(404);
    expect(await sdk7Status(seven.deleteFile({ channel: ch, id: sent.id, name: sent.name }))).to.equal(404);
  });

  it('with a cipher key the stored bytes are ciphertext; the key decrypts them, no key gets the ciphertext', async () => {
    const ch = channel();
    const secret = sdk('enc', OPEN, { cipherKey: 'file-key' });
    const plain = Buffer.from('the plans for tomorrow');
    const sent = await secret.sendFile({ channel: ch, file: { data: plain, name: 'plans.txt' }, message: 'hush' });
    const stored = (await secret.listFiles({ channel: ch })).data[0]!;
    expect(stored.size).to.be.greaterThan(plain.length);
    const decrypted = await sdk('enc2', OPEN, { cipherKey: 'file-key' }).downloadFile({
      channel: ch,
      id: sent.id,
      name: sent.name,
    });
    expect((await decrypted.toBuffer()).toString()).to.equal('the plans for tomorrow');
    const raw = await sdk('plain').downloadFile({ channel: ch, id: sent.id, name: sent.name });
    const bytes = await raw.toBuffer();
    expect(bytes.length).to.equal(stored.size);
    expect(bytes.includes(plain)).to.be.false;
  });

  it('file messages reach subscribers as file events and appear in history with message type 4', async () => {
    const ch = channel();
    const listener = sdk('listener');
    const events: FileEvent[] = [];
    let connected = false;
    listener.addListener({
      file: (e) => events.push(e),
      status: (s) => {
        if (s.category === 'PNConnectedCategory') connected = true;
      },
    });
    listener.subscribe({ channels: [ch] });
    await until(() => connected, 'the subscribe to connect');
    const sent = await sdk('sender').sendFile({
      channel: ch,
      file: { data: Buffer.from('x'), name: 'x.txt' },
      message: { note: 1 },
    });
    await until(() => events.length === 1, 'the file event');
    expect(events[0]!.message).to.deep.equal({ note: 1 });
    expect(events[0]!.publisher).to.equal('sender');
    expect(events[0]!.file.id).to.equal(sent.id);
    expect(events[0]!.file.name).to.equal('x.txt');
    expect(events[0]!.file.url).to.contain(`/files/${sent.id}/x.txt`);

    const history = await sdk('reader').fetchMessages({
      channels: [ch],
      includeMessageType: true,
      stringifiedTimeToken: true,
    });
    const entry = history.channels[ch]![0]!;
    expect(entry.messageType).to.equal(4);
    expect(String(entry.timetoken)).to.equal(String(sent.timetoken));
    expect(entry.message).to.deep.include({ file: { id: sent.id, name: 'x.txt' } });
  });

  it('storeInHistory false publishes the file message without storing it', async () => {
    const ch = channel();
    const seven = sdk('seven');
    await seven.sendFile({ channel: ch, file: { data: Buffer.from('y'), name: 'y.txt' }, storeInHistory: false });
    expect((await seven.listFiles({ channel: ch })).count).to.equal(1);
    const history = await seven.fetchMessages({ channels: [ch] });
    expect(history.channels[ch] ?? []).to.deep.equal([]);
  });

  it('a file name with a path separator is refused with 400 and nothing is stored', async () => {
    const ch = channel();
    const seven = sdk('seven');
    // pubnub@7.3.3 sends the basename of a name (posix rules), so a backslash is what reaches the server from it.
    expect(
      await sdk7Status(seven.sendFile({ channel: ch, file: { data: Buffer.from('z'), name: 'a\\b.txt' } })),
    ).to.equal(400);
    for (const name of ['../etc/passwd', 'a/b.txt', '..']) {
      const res = await send(server.url, `/v1/files/${OPEN.subscribeKey}/channels/${ch}/generate-upload-url`, {
        method: 'POST',
        body: JSON.stringify({ name }),
      });
      expect(res.status, name).to.equal(400);
      expect((res.json as { error: { message: string } }).error.message).to.match(/path separator|\. or \.\./);
    }
    expect((await seven.listFiles({ channel: ch })).count).to.equal(0);
  });

  it('an upload over the size limit is refused with the storage error message, and nothing is stored', async () => {
    const small = await startServer({ port: 0, maxFileBytes: 100_000 });
    try {
      const ch = channel();
      const seven = pubnub7({ url: small.url, uuid: 'big', ...OPEN }) as Sdk7Files;
      let error: Sdk7Error | undefined;
      await seven
        .sendFile({ channel: ch, file: { data: Buffer.alloc(100_001, 7), name: 'big.bin' } })
        .catch((e: Sdk7Error) => {
          error = e;
        });
      expect(error?.message).to.match(/Upload to bucket failed: Your proposed upload exceeds the maximum allowed size/);
      expect((await seven.listFiles({ channel: ch })).count).to.equal(0);
      const exact = await seven.sendFile({ channel: ch, file: { data: Buffer.alloc(100_000, 7), name: 'ok.bin' } });
      expect((await seven.listFiles({ channel: ch })).data.map((f) => [f.id, f.size])).to.deep.equal([
        [exact.id, 100_000],
      ]);
      seven.stop();
    } finally {
      await small.close();
    }
  });

  it('pages listFiles with limit and next, oldest first', async () => {
    const ch = channel();
    const seven = sdk('seven');
    const ids: string[] = [];
    for (const i of [1, 2, 3, 4, 5]) {
      ids.push((await seven.sendFile({ channel: ch, file: { data: Buffer.from(`${i}`), name: `f${i}.txt` } })).id);
    }
    const first = await seven.listFiles({ channel: ch, limit: 2 });
    expect(first.data.map((f) => f.name)).to.deep.equal(['f1.txt', 'f2.txt']);
    expect(first.next).to.be.a('string');
    const second = await seven.listFiles({ channel: ch, limit: 2, next: first.next! });
    const third = await seven.listFiles({ channel: ch, limit: 2, next: second.next! });
    expect([...first.data, ...second.data, ...third.data].map((f) => f.id)).to.deep.equal(ids);
    expect(third.next).to.equal(undefined);
  });

  it('Access Manager: the secret key passes; without grants every files call is 403; grants open each one', async () => {
    const ch = channel();
    const admin = sdk('admin', PAM);
    const sent = await admin.sendFile({ channel: ch, file: { data: Buffer.from('pam'), name: 'p.txt' } });
    expect((await admin.listFiles({ channel: ch })).count).to.equal(1);

    const keys = { publishKey: PAM.publishKey, subscribeKey: PAM.subscribeKey };
    const user = sdk('user', keys, { authKey: 'user-auth' });
    const ref = { channel: ch, id: sent.id, name: sent.name };
    expect(await sdk7Status(user.sendFile({ channel: ch, file: { data: Buffer.from('u'), name: 'u.txt' } }))).to.equal(
      403,
    );
    expect(await sdk7Status(user.listFiles({ channel: ch }))).to.equal(403);
    expect(await sdk7Status(user.downloadFile(ref))).to.equal(403);
    expect(await sdk7Status(user.deleteFile(ref))).to.equal(403);

    const grant = (admin as unknown as { grant(p: Record<string, unknown>): Promise<unknown> }).grant;
    await grant.call(admin, { channels: [ch], authKeys: ['user-auth'], read: true, write: true, ttl: 5 });
    await user.sendFile({ channel: ch, file: { data: Buffer.from('u'), name: 'u.txt' } });
    expect((await user.listFiles({ channel: ch })).count).to.equal(2);
    expect((await (await user.downloadFile(ref)).toBuffer()).toString()).to.equal('pam');
    expect(await sdk7Status(user.deleteFile(ref))).to.equal(403);
    await grant.call(admin, { channels: [ch], authKeys: ['user-auth'], read: true, delete: true, ttl: 5 });
    expect((await user.deleteFile(ref)).status).to.equal(200);
  });

  it('Access Manager v3 tokens: read lists and downloads, write sends, delete deletes; nothing else', async () => {
    const ch = channel();
    const admin = sdk('admin', PAM);
    const sent = await admin.sendFile({ channel: ch, file: { data: Buffer.from('tok'), name: 't.txt' } });
    const ref = { channel: ch, id: sent.id, name: sent.name };
    const keys = { publishKey: PAM.publishKey, subscribeKey: PAM.subscribeKey };
    const reader = sdk('reader', keys);
    reader.setToken(await admin.grantToken({ ttl: 5, resources: { channels: { [ch]: { read: true } } } }));
    expect((await reader.listFiles({ channel: ch })).count).to.equal(1);
    expect((await (await reader.downloadFile(ref)).toBuffer()).toString()).to.equal('tok');
    expect(
      await sdk7Status(reader.sendFile({ channel: ch, file: { data: Buffer.from('r'), name: 'r.txt' } })),
    ).to.equal(403);
    expect(await sdk7Status(reader.deleteFile(ref))).to.equal(403);

    const writer = sdk('writer', keys);
    writer.setToken(
      await admin.grantToken({ ttl: 5, resources: { channels: { [ch]: { write: true, delete: true } } } }),
    );
    await writer.sendFile({ channel: ch, file: { data: Buffer.from('w'), name: 'w.txt' } });
    expect(await sdk7Status(writer.listFiles({ channel: ch }))).to.equal(403);
    expect((await writer.deleteFile(ref)).status).to.equal(200);
    expect((await admin.listFiles({ channel: ch })).data.map((f) => f.name)).to.deep.equal(['w.txt']);
  });
});
