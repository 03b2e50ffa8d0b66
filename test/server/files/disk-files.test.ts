/**
 * Files with `dataDir` (docs/protocol.md §15.6): bodies under `{dataDir}/files/{id}`, records in SQLite, both kept
 * across a restart; a refused upload leaves no body or partial file; partial files left by a killed process are
 * removed at start.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type Harness, harness } from '../helpers.js';
import { generateForm, postForm, streamUpload } from './upload-client.js';

const SUB = 'sub-disk';

describe('server: files on disk (dataDir)', function () {
  this.timeout(30_000);
  let dir: string;
  let h: Harness | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pubkit-files-'));
  });
  afterEach(async () => {
    await h?.close();
    h = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  const download = async (id: string, name: string) => {
    const redirect = await h!.get(`/v1/files/${SUB}/channels/ch/files/${id}/${name}`);
    if (redirect.status !== 307) return redirect;
    const location = new URL(String(redirect.headers.location));
    return h!.get(location.pathname + location.search);
  };

  it('keeps bodies and records across a restart; delete removes the body file', async () => {
    h = await harness({ dataDir: dir });
    const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256));
    const form = await generateForm(h.server.url, SUB, 'ch', 'big.bin');
    expect((await postForm(form.url, form.fields, bytes)).status).to.equal(204);
    expect(existsSync(join(dir, 'files', form.id))).to.be.true;
    expect(h.server.stats().fileMemoryBytes).to.equal(0);

    await h.close();
    h = await harness({ dataDir: dir });
    const listed = await h.get(`/v1/files/${SUB}/channels/ch/files`);
    expect((listed.json as { data: { id: string; size: number }[] }).data.map((f) => [f.id, f.size])).to.deep.equal([
      [form.id, bytes.length],
    ]);
    const got = await download(form.id, 'big.bin');
    expect(got.status).to.equal(200);
    expect(Buffer.from(got.text, 'latin1').length).to.be.greaterThan(0);
    expect(got.headers['content-length']).to.equal(String(bytes.length));

    expect(
      (await h.get(`/v1/files/${SUB}/channels/ch/files/${form.id}/big.bin`, { method: 'DELETE' })).status,
    ).to.equal(200);
    expect(existsSync(join(dir, 'files', form.id))).to.be.false;
    expect((await download(form.id, 'big.bin')).status).to.equal(404);
  });

  it('a streamed upload over the limit leaves no body and no partial file', async () => {
    h = await harness({ dataDir: dir, maxFileBytes: 256 * 1024 });
    const form = await generateForm(h.server.url, SUB, 'ch', 'flood.bin');
    const r = await streamUpload(form.url, form.fields, 16 * 1024 * 1024, () => {});
    expect(r.status).to.equal(400);
    // The partial file is removed asynchronously after the answer.
    for (let i = 0; i < 100 && readdirSync(join(dir, 'files', '.partial')).length > 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(readdirSync(join(dir, 'files', '.partial'))).to.deep.equal([]);
    expect(readdirSync(join(dir, 'files')).filter((f) => f !== '.partial')).to.deep.equal([]);
  });

  it('removes partial files a killed process left behind', async () => {
    mkdirSync(join(dir, 'files', '.partial'), { recursive: true });
    writeFileSync(join(dir, 'files', '.partial', 'leftover.1'), 'half');
    h = await harness({ dataDir: dir });
    expect(readdirSync(join(dir, 'files', '.partial'))).to.deep.equal([]);
  });

  it('a file message published before a restart is caught up after it with its envelope type 4', async () => {
    h = await harness({ dataDir: dir });
    const before = (await h.get('/time/0')).text.replace(/[[\]]/g, '');
    const message = encodeURIComponent(JSON.stringify({ message: 'hi', file: { id: 'f-1', name: 'a.txt' } }));
    expect((await h.get(`/v1/files/publish-file/pub/${SUB}/0/ch/0/${message}`)).status).to.equal(200);
    await h.close();
    h = await harness({ dataDir: dir });
    const caught = await h.get(`/v2/subscribe/${SUB}/ch/0?tt=${before}&tr=1`);
    const envelopes = (caught.json as { m: { e?: number; d: unknown }[] }).m;
    expect(envelopes.map((m) => [m.e, m.d])).to.deep.equal([
      [4, { message: 'hi', file: { id: 'f-1', name: 'a.txt' } }],
    ]);
  });
});
