/**
 * The server's storage endpoint against forms no SDK would send (docs/protocol.md §15.3, §15.5): expired,
 * tampered, unsigned, oversized (declared and streamed), malformed; and the signed download URL. Every refusal
 * is S3-style XML and leaves nothing stored.
 */
import { expect } from 'chai';
import { fakeClock, type Harness, harness } from '../helpers.js';
import { generateForm, postForm, streamUpload, type UploadForm } from './upload-client.js';

const SUB = 'sub-files';

function field(form: UploadForm, key: string): string {
  return form.fields.find((f) => f.key === key)!.value;
}

function withField(form: UploadForm, key: string, value: string): { key: string; value: string }[] {
  return form.fields.map((f) => (f.key === key ? { key, value } : f));
}

function xmlCode(text: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
}

describe('server: files storage endpoint', function () {
  this.timeout(30_000);
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const listed = async (channel: string) => {
    const r = await h.get(`/v1/files/${SUB}/channels/${channel}/files`);
    return (r.json as { data: { id: string; name: string; size: number }[] }).data;
  };

  it('stores a form upload (204), lists it, and serves it through the redirect with safe headers', async () => {
    h = await harness();
    const form = await generateForm(h.server.url, SUB, 'ch', 'notes.txt');
    expect(form.url).to.equal(`${h.server.url}/file-storage`);
    expect(form.fields.map((f) => f.key)).to.deep.equal([
      'key',
      'Content-Type',
      'X-Amz-Algorithm',
      'X-Amz-Date',
      'Policy',
      'X-Amz-Signature',
    ]);
    const up = await postForm(form.url, withField(form, 'Content-Type', 'text/plain'), Buffer.from('hello'));
    expect(up.status).to.equal(204);
    expect(up.text).to.equal('');
    expect((await listed('ch')).map((f) => [f.id, f.name, f.size])).to.deep.equal([[form.id, 'notes.txt', 5]]);

    const redirect = await h.get(`/v1/files/${SUB}/channels/ch/files/${form.id}/notes.txt`);
    expect(redirect.status).to.equal(307);
    const location = new URL(String(redirect.headers.location));
    expect(location.pathname).to.equal(`/file-storage/${SUB}/ch/${form.id}/notes.txt`);
    const body = await h.get(location.pathname + location.search);
    expect(body.status).to.equal(200);
    expect(body.text).to.equal('hello');
    expect(body.headers['content-type']).to.equal('text/plain');
    expect(body.headers['content-disposition']).to.equal("attachment; filename*=UTF-8''notes.txt");
    expect(body.headers['x-content-type-options']).to.equal('nosniff');
    expect(h.server.stats().files).to.equal(1);
  });

  it('refuses an expired form (403 AccessDenied) and stores nothing', async () => {
    const clock = fakeClock(1_800_000_000_000);
    h = await harness({ clock });
    const form = await generateForm(h.server.url, SUB, 'ch', 'late.txt');
    clock.ms += 61_000;
    const r = await postForm(form.url, form.fields, Buffer.from('too late'));
    expect(r.status).to.equal(403);
    expect(xmlCode(r.text)).to.equal('AccessDenied');
    expect(r.text).to.contain('<Message>Invalid according to Policy: Policy expired.</Message>');
    expect(r.headers['content-type']).to.match(/^text\/xml/);
    expect(await listed('ch')).to.deep.equal([]);
  });

  it('refuses tampered forms: changed key, edited policy, wrong signature, extra or missing fields', async () => {
    h = await harness();
    const form = await generateForm(h.server.url, SUB, 'ch', 'a.txt');
    const file = Buffer.from('data');
    const otherKey = field(form, 'key').replace('a.txt', 'b.txt');
    const policy = JSON.parse(Buffer.from(field(form, 'Policy'), 'base64').toString()) as {
      conditions: unknown[];
    };
    policy.conditions = policy.conditions.map((c) =>
      Array.isArray(c) && c[0] === 'content-length-range' ? ['content-length-range', 0, 1e12] : c,
    );
    const edited = Buffer.from(JSON.stringify(policy)).toString('base64');
    const cases: [string, { key: string; value: string }[], number, string, RegExp][] = [
      ['key changed', withField(form, 'key', otherKey), 403, 'AccessDenied', /Policy Condition failed: \["eq","\$key"/],
      ['policy edited', withField(form, 'Policy', edited), 403, 'SignatureDoesNotMatch', /signature/],
      ['signature wrong', withField(form, 'X-Amz-Signature', '0'.repeat(64)), 403, 'SignatureDoesNotMatch', /./],
      ['signature cut', withField(form, 'X-Amz-Signature', '0'), 403, 'SignatureDoesNotMatch', /./],
      ['date changed', withField(form, 'X-Amz-Date', '20000101T000000Z'), 403, 'AccessDenied', /x-amz-date/],
      ['extra field', [...form.fields, { key: 'acl', value: 'public-read' }], 403, 'AccessDenied', /Extra input/],
      ['no policy', form.fields.filter((f) => f.key !== 'Policy'), 403, 'AccessDenied', /Policy/],
      ['no key', form.fields.filter((f) => f.key !== 'key'), 400, 'InvalidArgument', /named 'key'/],
      ['key twice', [...form.fields, { key: 'key', value: otherKey }], 400, 'InvalidArgument', /more than once/],
    ];
    for (const [what, fields, status, code, message] of cases) {
      const r = await postForm(form.url, fields, file);
      expect(r.status, what).to.equal(status);
      expect(xmlCode(r.text), what).to.equal(code);
      expect(/<Message>(.*)<\/Message>/.exec(r.text)?.[1], what).to.match(message);
    }
    expect(await listed('ch')).to.deep.equal([]);
    expect((await postForm(form.url, form.fields, file)).status, 'the untouched form still works').to.equal(204);
  });

  it('refuses bodies without exactly one file part, and bodies that are not multipart', async () => {
    h = await harness();
    const form = await generateForm(h.server.url, SUB, 'ch', 'a.txt');
    const none = await postForm(form.url, form.fields, undefined);
    expect([none.status, xmlCode(none.text)]).to.deep.equal([400, 'InvalidArgument']);
    const misnamed = await postForm(form.url, form.fields, Buffer.from('x'), 'upload');
    expect([misnamed.status, xmlCode(misnamed.text)]).to.deep.equal([400, 'InvalidArgument']);
    const json = await h.get('/file-storage', {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    expect([json.status, xmlCode(json.text)]).to.deep.equal([400, 'InvalidArgument']);
    const broken = await h.get('/file-storage', {
      method: 'POST',
      body: '--zz\r\nContent-Disposition: form-data; name="key"\r\n\r\nv',
      headers: { 'content-type': 'multipart/form-data; boundary=zz' },
    });
    expect(broken.status).to.equal(400);
    expect(['MalformedPOSTRequest', 'InvalidArgument', 'IncompleteBody']).to.include(xmlCode(broken.text));
    expect(await listed('ch')).to.deep.equal([]);
  });

  it('refuses a declared length over the limit before reading the body', async () => {
    h = await harness({ maxFileBytes: 1_000 });
    const form = await generateForm(h.server.url, SUB, 'ch', 'big.bin');
    const r = await postForm(form.url, form.fields, Buffer.alloc(200_000));
    expect(r.status).to.equal(400);
    expect(xmlCode(r.text)).to.equal('EntityTooLarge');
    expect(r.text).to.contain('<MaxSizeAllowed>1000</MaxSizeAllowed>');
    expect(await listed('ch')).to.deep.equal([]);
  });

  it('refuses a streamed upload over the limit while it streams; file memory never passes the limit', async () => {
    const limit = 1024 * 1024;
    h = await harness({ maxFileBytes: limit });
    const form = await generateForm(h.server.url, SUB, 'ch', 'flood.bin');
    const rssBefore = process.memoryUsage().rss;
    let peakFileMemory = 0;
    let peakRss = rssBefore;
    const total = 64 * 1024 * 1024;
    const r = await streamUpload(form.url, form.fields, total, () => {
      peakFileMemory = Math.max(peakFileMemory, h.server.stats().fileMemoryBytes);
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    });
    expect(r.status).to.equal(400);
    expect(xmlCode(r.text)).to.equal('EntityTooLarge');
    expect(r.sentBeforeAnswer, 'answered while the client was still sending').to.be.lessThan(total / 4);
    expect(peakFileMemory).to.be.at.most(limit);
    expect(h.server.stats().fileMemoryBytes).to.equal(0);
    // Loose on a shared machine: buffering the upload would cost its whole 64 MiB.
    expect(peakRss - rssBefore).to.be.lessThan(32 * 1024 * 1024);
    expect(await listed('ch')).to.deep.equal([]);
  });

  it('makes room by removing the oldest files, and refuses with 503 SlowDown when uploads alone fill the budget', async () => {
    h = await harness({ maxFileStoreBytes: 10_000, maxFileBytes: 20_000 });
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      const form = await generateForm(h.server.url, SUB, 'ch', name);
      expect((await postForm(form.url, form.fields, Buffer.alloc(3_000, 1))).status).to.equal(204);
      ids.push(form.id);
    }
    expect((await listed('ch')).map((f) => f.name)).to.deep.equal(['two', 'three']);
    expect((await h.get(`/v1/files/${SUB}/channels/ch/files/${ids[0]}/one`)).status).to.equal(404);
    const huge = await generateForm(h.server.url, SUB, 'ch', 'huge');
    const r = await postForm(huge.url, huge.fields, Buffer.alloc(15_000, 2));
    expect([r.status, xmlCode(r.text)]).to.deep.equal([503, 'SlowDown']);
    expect(await listed('ch')).to.deep.equal([]);
    expect(h.server.stats().fileMemoryBytes).to.equal(0);
  });

  it('the download URL is refused when its signature is changed or it expired, and 404 once the file is gone', async () => {
    const clock = fakeClock(1_800_000_000_000);
    h = await harness({ clock });
    const form = await generateForm(h.server.url, SUB, 'ch', 'd.txt');
    expect((await postForm(form.url, form.fields, Buffer.from('d'))).status).to.equal(204);
    const location = new URL(
      String((await h.get(`/v1/files/${SUB}/channels/ch/files/${form.id}/d.txt`)).headers.location),
    );
    const path = location.pathname + location.search;
    const other = path.replace('/d.txt?', '/e.txt?');
    const badSig = `${path.slice(0, -4)}0000`;
    for (const p of [other, badSig]) {
      const r = await h.get(p);
      expect([r.status, xmlCode(r.text)], p).to.deep.equal([403, 'SignatureDoesNotMatch']);
    }
    expect((await h.get(path)).text).to.equal('d');
    clock.ms += 3_601_000;
    const expired = await h.get(path);
    expect([expired.status, xmlCode(expired.text)]).to.deep.equal([403, 'AccessDenied']);
    clock.ms -= 3_601_000;
    expect((await h.get(`/v1/files/${SUB}/channels/ch/files/${form.id}/d.txt`, { method: 'DELETE' })).status).to.equal(
      200,
    );
    const gone = await h.get(path);
    expect([gone.status, xmlCode(gone.text)]).to.deep.equal([404, 'NoSuchKey']);
  });

  it('the files endpoints refuse bad input with the files error shape', async () => {
    h = await harness();
    const files = `/v1/files/${SUB}/channels/ch/files`;
    for (const q of ['limit=0', 'limit=101', 'limit=abc', 'next=***', 'next=bm90LWEtdG9rZW4']) {
      const r = await h.get(`${files}?${q}`);
      expect(r.status, q).to.equal(400);
      expect((r.json as { error: { source: string } }).error.source, q).to.equal('files');
    }
    const gen = `/v1/files/${SUB}/channels/ch/generate-upload-url`;
    for (const body of ['', 'not json', '{}', '{"name":5}', '{"name":""}', `{"name":"${'n'.repeat(256)}"}`]) {
      const r = await h.get(gen, { method: 'POST', body });
      expect(r.status, body).to.equal(400);
    }
    expect((await h.get(gen, { method: 'POST', body: 'x'.repeat(40_000) })).status).to.equal(413);
    const missing = await h.get(`${files}/00000000-0000-4000-8000-000000000000/x.txt`);
    expect(missing.status).to.equal(404);
    expect(missing.json).to.deep.equal({ status: 404, error: { source: 'files', message: 'File not found' } });
  });

  it('wrong keys: an unknown subscribe key is 400 everywhere, a wrong publish key on publish-file is 400', async () => {
    h = await harness({ keysets: [{ publishKey: 'pub-k', subscribeKey: 'sub-k' }] });
    const gen = await h.get('/v1/files/sub-other/channels/ch/generate-upload-url', {
      method: 'POST',
      body: '{"name":"a"}',
    });
    expect(gen.status).to.equal(400);
    expect((await h.get('/v1/files/sub-other/channels/ch/files')).status).to.equal(400);
    const message = encodeURIComponent(JSON.stringify({ message: null, file: { id: 'i', name: 'n' } }));
    const wrongPub = await h.get(`/v1/files/publish-file/pub-other/sub-k/0/ch/0/${message}`);
    expect(wrongPub.status).to.equal(400);
    expect(wrongPub.json).to.deep.equal([0, 'Invalid Key', (wrongPub.json as string[])[2]]);
    expect((await h.get(`/v1/files/publish-file/pub-k/sub-k/0/ch/0/${message}`)).text).to.match(
      /^\[1,"Sent","\d{17}"\]$/,
    );
  });

  it('builds storage URLs from the Host header only when it is a plain host and port', async () => {
    h = await harness();
    const ask = async (host: string) => {
      const r = await h.get(`/v1/files/${SUB}/channels/ch/generate-upload-url`, {
        method: 'POST',
        body: '{"name":"a"}',
        headers: { host },
      });
      return (r.json as { file_upload_request: { url: string } }).file_upload_request.url;
    };
    expect(await ask('files.example:8443')).to.equal('http://files.example:8443/file-storage');
    expect(await ask('[::1]:9000')).to.equal('http://[::1]:9000/file-storage');
    expect(await ask('evil.example/#')).to.equal(`${h.server.url}/file-storage`);
    expect(await ask('a@evil.example')).to.equal(`${h.server.url}/file-storage`);
  });
});
