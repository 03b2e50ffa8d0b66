/**
 * `@pubkit/node` files against the real local server (docs/protocol.md §15): every call end to end over HTTP,
 * each `file` form, encryption with a cipher key (stored bytes are ciphertext; the key reads them; a wrong key is
 * `PubnubCryptoError`), paging, the URL, `publishFile` alone, both calling modes, Access Manager, and the failures:
 * a name that is a path, a file over the limit, a stream that breaks, an abort, a missing file.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  type DownloadedFile,
  type FileEvent,
  PubnubAbortError,
  PubnubAccessDeniedError,
  PubnubCryptoError,
  PubnubFilePublishError,
  PubnubServiceError,
  PubnubValidationError,
  type SendFileResult,
} from '@pubkit/node';
import { expect } from 'chai';
import { request } from 'undici';
import { channelName, PAM_KEYSET, until, useHarness } from '../support/server.js';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (err: unknown) => err,
  );
}

/** GETs a URL, following the storage redirect, with a fresh connection that is closed after. */
async function fetchBytes(url: string): Promise<{ status: number; body: Buffer }> {
  const res = await request(url, { method: 'GET', headers: { connection: 'close' } });
  const first = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 307) return { status: res.statusCode, body: first };
  const next = await request(new URL(String(res.headers.location), url), { headers: { connection: 'close' } });
  return { status: next.statusCode, body: Buffer.from(await next.body.arrayBuffer()) };
}

describe('node client: files', () => {
  const h = useHarness();
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pubkit-files-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sendFile, listFiles, downloadFile (Buffer and stream), getFileUrl, deleteFile', async () => {
    const client = h().client({ uuid: 'sender' });
    const ch = channelName('files');
    const data = randomBytes(70_000);
    const sent = await client.sendFile({ channel: ch, file: { data, name: 'photo.bin' }, message: { caption: 'hi' } });
    expect(sent.name).to.equal('photo.bin');
    expect(sent.id).to.be.a('string').and.not.equal('');
    expect(sent.timetoken).to.match(/^\d{17}$/);

    const page = await client.listFiles({ channel: ch });
    expect(page.data.map((f) => [f.id, f.name, f.size])).to.deep.equal([[sent.id, 'photo.bin', data.length]]);
    expect(page.count).to.equal(1);

    const asBuffer = await client.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    expect((await asBuffer.toBuffer()).equals(data)).to.equal(true);
    const asStream = await client.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    const chunks: Buffer[] = [];
    for await (const chunk of asStream.toStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(data)).to.equal(true);

    const url = client.getFileUrl({ channel: ch, id: sent.id, name: sent.name });
    expect(url).to.match(new RegExp(`^${h().url}/v1/files/sub-open/channels/${ch}/files/${sent.id}/photo\\.bin\\?`));
    expect(url).to.include('uuid=sender');
    const fetched = await fetchBytes(url);
    expect(fetched.status).to.equal(200);
    expect(fetched.body.equals(data)).to.equal(true);

    // The file message went to history with the caption (message type 4).
    const history = await client.fetchMessages({ channels: [ch], includeMessageType: true });
    expect(history.channels[ch]!.map((m) => m.message)).to.deep.equal([
      { message: { caption: 'hi' }, file: { name: 'photo.bin', id: sent.id } },
    ]);

    expect(await client.deleteFile({ channel: ch, id: sent.id, name: sent.name })).to.deep.equal({ status: 200 });
    expect((await client.listFiles({ channel: ch })).data).to.deep.equal([]);
    const gone = await rejection(client.downloadFile({ channel: ch, id: sent.id, name: sent.name }));
    expect(gone).to.be.instanceOf(PubnubServiceError).with.nested.property('upstream.status', 404);
  });

  it('a path and a stream (with and without a size) are streamed up; the name defaults to the file name', async () => {
    const client = h().client();
    const ch = channelName('files');
    const data = randomBytes(200_000);
    const path = join(dir, 'report.pdf');
    await writeFile(path, data);
    const fromPath = await client.sendFile({ channel: ch, file: { path } });
    expect(fromPath.name).to.equal('report.pdf');
    const sized = await client.sendFile({
      channel: ch,
      file: { stream: Readable.from([data.subarray(0, 1000), data.subarray(1000)]), name: 's.bin', size: data.length },
    });
    const chunked = await client.sendFile({ channel: ch, file: { stream: Readable.from([data]), name: 'c.bin' } });
    for (const sent of [fromPath, sized, chunked]) {
      const file = await client.downloadFile({ channel: ch, id: sent.id, name: sent.name });
      expect((await file.toBuffer()).equals(data), sent.name).to.equal(true);
    }
    const text = await client.sendFile({ channel: ch, file: { data: 'héllo', name: 'a.txt', mimeType: 'text/plain' } });
    const got = await client.downloadFile({ channel: ch, id: text.id, name: text.name });
    expect((await got.toBuffer()).toString('utf8')).to.equal('héllo');
  });

  it('with a cipher key the stored bytes are ciphertext, the key reads them, a wrong key is PubnubCryptoError', async () => {
    const alice = h().client({ cipherKey: 'enigma', useRandomIVs: true });
    const ch = channelName('secret');
    const data = randomBytes(100_001);
    const sent = await alice.sendFile({ channel: ch, file: { data, name: 'plans.bin' }, message: 'top secret' });

    const stored = await fetchBytes(alice.getFileUrl({ channel: ch, id: sent.id, name: sent.name }));
    expect(stored.body.length).to.equal(16 + (Math.floor(data.length / 16) + 1) * 16);
    expect(stored.body.includes(data.subarray(0, 64))).to.equal(false);
    const listed = await alice.listFiles({ channel: ch });
    expect(listed.data[0]!.size).to.equal(stored.body.length);

    const file = await alice.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    expect((await file.toBuffer()).equals(data)).to.equal(true);

    // The file message is encrypted like any message: the key reads it from history.
    const history = await alice.fetchMessages({ channels: [ch] });
    expect(history.channels[ch]![0]!.message).to.deep.equal({
      message: 'top secret',
      file: { name: 'plans.bin', id: sent.id },
    });

    const eve = h().client({ cipherKey: 'not-enigma' });
    const wrong = await eve.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    const err = await rejection(wrong.toBuffer());
    expect(err).to.be.instanceOf(PubnubCryptoError);
    expect((err as Error).message).to.include('wrong cipher key');
    const streamed = await eve.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    const streamErr = await rejection(
      (async () => {
        for await (const _ of streamed.toStream());
      })(),
    );
    expect(streamErr).to.be.instanceOf(PubnubCryptoError);
  });

  it('listFiles pages with limit and next', async () => {
    const client = h().client();
    const ch = channelName('paged');
    const sent: SendFileResult[] = [];
    for (const name of ['a.txt', 'b.txt', 'c.txt']) {
      sent.push(await client.sendFile({ channel: ch, file: { data: name, name } }));
    }
    const first = await client.listFiles({ channel: ch, limit: 2 });
    expect(first.data).to.have.length(2);
    expect(first.next).to.be.a('string');
    const second = await client.listFiles({ channel: ch, limit: 2, next: first.next });
    expect(second.next).to.equal(undefined);
    const ids = [...first.data, ...second.data].map((f) => f.id).sort();
    expect(ids).to.deep.equal(sent.map((s) => s.id).sort());
  });

  it('publishFile publishes the file message alone; subscribers get it', async () => {
    const client = h().client({ uuid: 'pub' });
    const ch = channelName('again');
    const sent = await client.sendFile({ channel: ch, file: { data: 'x', name: 'x.txt' }, storeInHistory: false });
    expect((await client.fetchMessages({ channels: [ch] })).channels[ch] ?? []).to.deep.equal([]);
    const again = await client.publishFile({
      channel: ch,
      fileId: sent.id,
      fileName: sent.name,
      message: { again: true },
      meta: { kind: 'retry' },
      customMessageType: 'file-retry',
    });
    expect(again.timetoken).to.match(/^\d{17}$/);
    const stored = await client.fetchMessages({ channels: [ch], includeMeta: true, includeCustomMessageType: true });
    expect(stored.channels[ch]!.map((m) => [m.message, m.meta, m.customMessageType])).to.deep.equal([
      [{ message: { again: true }, file: { name: 'x.txt', id: sent.id } }, { kind: 'retry' }, 'file-retry'],
    ]);
  });

  it("file events reach a subscription's file callback and addListener({ file }), decrypted, with a URL", async () => {
    const alice = h().client({ uuid: 'alice', cipherKey: 'enigma', useRandomIVs: true });
    const bob = h().client({ uuid: 'bob', cipherKey: 'enigma', useRandomIVs: true });
    const ch = channelName('events');
    const perCall: FileEvent[] = [];
    const heard: FileEvent[] = [];
    const messages: unknown[] = [];
    bob.addListener({ file: (event) => heard.push(event) });
    let connected = false;
    bob.subscribe(ch, {
      file: (event) => perCall.push(event),
      callback: (message) => messages.push(message),
      connect: () => {
        connected = true;
      },
    });
    await until(() => connected, 'bob connected');
    const sent = await alice.sendFile({ channel: ch, file: { data: 'for bob', name: 'note.txt' }, message: 'read me' });
    await until(() => perCall.length === 1 && heard.length === 1, 'file events');
    for (const event of [perCall[0]!, heard[0]!]) {
      expect(event).to.deep.include({ channel: ch, publisher: 'alice', message: 'read me', timetoken: sent.timetoken });
      expect(event.file).to.deep.include({ id: sent.id, name: 'note.txt' });
      expect(event.file.url).to.equal(bob.getFileUrl({ channel: ch, id: sent.id, name: 'note.txt' }));
    }
    expect(messages).to.deep.equal([]);
    // The URL serves the stored (encrypted) bytes; the client's downloadFile decrypts them.
    expect((await fetchBytes(perCall[0]!.file.url!)).body.toString()).not.to.equal('for bob');
    const file = await bob.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    expect((await file.toBuffer()).toString()).to.equal('for bob');
  });

  it('a file message that fails after the upload is PubnubFilePublishError; publishFile announces the file', async () => {
    const client = h().client({ uuid: 'flaky' });
    const ch = channelName('flaky');
    h().server.faults.add({ route: 'files', path: '^/v1/files/publish-file/', fault: 'status', status: 503, count: 1 });
    const err = await rejection(client.sendFile({ channel: ch, file: { data: 'kept', name: 'k.txt' }, message: 'm' }));
    expect(err).to.be.instanceOf(PubnubFilePublishError);
    const failed = err as PubnubFilePublishError;
    expect(failed).to.include({ code: 'PN_FILE_PUBLISH', channel: ch, fileName: 'k.txt' });
    expect(failed.cause).to.be.instanceOf(PubnubServiceError);
    // The file is stored (not uploaded again), and no message went out.
    expect((await client.listFiles({ channel: ch })).data.map((f) => f.id)).to.deep.equal([failed.fileId]);
    expect((await client.fetchMessages({ channels: [ch] })).channels[ch] ?? []).to.deep.equal([]);
    const { timetoken } = await client.publishFile({
      channel: failed.channel,
      fileId: failed.fileId,
      fileName: failed.fileName,
      message: 'm',
    });
    const stored = await client.fetchMessages({ channels: [ch] });
    expect(stored.channels[ch]!.map((m) => [m.timetoken, m.message])).to.deep.equal([
      [timetoken, { message: 'm', file: { name: 'k.txt', id: failed.fileId } }],
    ]);
  });

  it('callback mode: exactly one callback, validation errors included', async () => {
    const client = h().client();
    const ch = channelName('cb');
    const sent = await new Promise<SendFileResult>((resolve, reject) => {
      const returned = client.sendFile({
        channel: ch,
        file: { data: 'cb', name: 'cb.txt' },
        callback: resolve,
        error: reject,
      });
      expect(returned).to.equal(undefined);
    });
    const file = await new Promise<DownloadedFile>((resolve, reject) =>
      client.downloadFile({ channel: ch, id: sent.id, name: sent.name, callback: resolve, error: reject }),
    );
    expect((await file.toBuffer()).toString()).to.equal('cb');
    const err = await new Promise((resolve) =>
      client.sendFile({ channel: ch, file: { data: 'x', name: 'a/b' }, callback: () => {}, error: resolve }),
    );
    expect(err).to.be.instanceOf(PubnubValidationError);
  });

  it('bad input is refused before anything is stored: a path as a name, a bad file, a message too large', async () => {
    const client = h().client();
    const ch = channelName('bad');
    expect(() => client.sendFile({ channel: ch, file: { data: 'x', name: '../etc/passwd' } })).to.throw(
      PubnubValidationError,
    );
    expect(() => client.sendFile({ channel: ch, file: { data: 42, name: 'a' } as never })).to.throw(
      PubnubValidationError,
    );
    expect(() => client.sendFile({ channel: ch, file: 'a.txt' as never })).to.throw(PubnubValidationError);
    expect(() =>
      client.sendFile({ channel: ch, file: { data: 'x', name: 'a.txt' }, message: 'x'.repeat(40_000) }),
    ).to.throw(PubnubValidationError);
    const missing = await rejection(client.sendFile({ channel: ch, file: { path: join(dir, 'nope.bin') } }));
    expect(missing).to.be.instanceOf(PubnubValidationError);
    expect((missing as Error).message).to.include('ENOENT');
    expect((await client.listFiles({ channel: ch })).data).to.deep.equal([]);
  });

  it('over the size limit: storage refuses it with its words, and nothing is stored', async () => {
    const client = h().client();
    const ch = channelName('big');
    const err = await rejection(
      client.sendFile({ channel: ch, file: { data: Buffer.alloc(5 * 1024 * 1024 + 1), name: 'big.bin' } }),
    );
    expect(err).to.be.instanceOf(PubnubServiceError).with.property('operation', 'uploadFile');
    expect((err as Error).message).to.include('exceeds the maximum allowed size');
    // Streamed without a size (chunked), the server stops it while it streams: the same refusal.
    const chunked = Readable.from([Buffer.alloc(3 * 1024 * 1024), Buffer.alloc(3 * 1024 * 1024)]);
    const streamed = await rejection(client.sendFile({ channel: ch, file: { stream: chunked, name: 'big2.bin' } }));
    expect(streamed).to.be.instanceOf(PubnubServiceError).with.property('operation', 'uploadFile');
    expect((await client.listFiles({ channel: ch })).data).to.deep.equal([]);
  });

  it('a stream that breaks mid-upload fails the call, and nothing is stored', async () => {
    const client = h().client();
    const ch = channelName('broken');
    async function* breaking(): AsyncGenerator<Buffer> {
      yield Buffer.alloc(64 * 1024, 1);
      throw new Error('disk gone');
    }
    const err = await rejection(
      client.sendFile({ channel: ch, file: { stream: Readable.from(breaking()), name: 'b' } }),
    );
    expect(err).to.be.instanceOf(PubnubValidationError).with.property('field', 'file');
    expect((err as Error).message).to.include('disk gone');
    expect((await client.listFiles({ channel: ch })).data).to.deep.equal([]);
  });

  it('signal aborts an upload with PubnubAbortError; closing the client ends a download in flight', async () => {
    const client = h().client();
    const ch = channelName('abort');
    const controller = new AbortController();
    const slow = new Readable({ read() {} });
    slow.push(Buffer.alloc(1024));
    const pending = client.sendFile({
      channel: ch,
      file: { stream: slow, name: 'slow.bin' },
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 50);
    expect(await rejection(pending)).to.be.instanceOf(PubnubAbortError);

    const sent = await client.sendFile({ channel: ch, file: { data: randomBytes(300_000), name: 'd.bin' } });
    const file = await client.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    const stream = file.toStream();
    const ended = new Promise((resolve) => stream.once('close', resolve));
    stream.pause();
    await client.close();
    await ended;
  });

  it('Access Manager: a secret key signs every call and the URL; an unauthorised client gets 403', async () => {
    const admin = h().client({ ...PAM_KEYSET, uuid: 'admin' });
    const ch = channelName('pam');
    const sent = await admin.sendFile({ channel: ch, file: { data: 'signed', name: 's.txt' } });
    expect((await admin.listFiles({ channel: ch })).data).to.have.length(1);
    const url = admin.getFileUrl({ channel: ch, id: sent.id, name: sent.name });
    expect(url).to.match(/[?&]signature=v2\./);
    expect((await fetchBytes(url)).body.toString()).to.equal('signed');
    const file = await admin.downloadFile({ channel: ch, id: sent.id, name: sent.name });
    expect((await file.toBuffer()).toString()).to.equal('signed');

    const guest = h().client({ publishKey: PAM_KEYSET.publishKey, subscribeKey: PAM_KEYSET.subscribeKey });
    expect(await rejection(guest.listFiles({ channel: ch }))).to.be.instanceOf(PubnubAccessDeniedError);
    expect(await rejection(guest.downloadFile({ channel: ch, id: sent.id, name: sent.name }))).to.be.instanceOf(
      PubnubAccessDeniedError,
    );
    expect(await rejection(guest.sendFile({ channel: ch, file: { data: 'x', name: 'x.txt' } }))).to.be.instanceOf(
      PubnubAccessDeniedError,
    );
    expect(await admin.deleteFile({ channel: ch, id: sent.id, name: sent.name })).to.deep.equal({ status: 200 });
  });
});
