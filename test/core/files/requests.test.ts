/**
 * The files requests and parsers (docs/protocol.md §15): exact wire shapes, what each refuses, and how each error
 * answer becomes a typed error.
 */
import {
  buildDeleteFile,
  buildDownloadFile,
  buildGenerateUploadUrl,
  buildListFiles,
  buildPublishFile,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubServiceError,
  PubnubValidationError,
  parseDeleteFile,
  parseGenerateUploadUrl,
  parseListFiles,
  parsePublishFile,
  readDownloadLocation,
} from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, realCipher, res, thrown, wire } from '../operations/helpers.js';

const ref = { channel: 'my-ch', id: 'f-1', name: 'cat photo.jpg' };

describe('core files: requests and parsers', () => {
  it('generate-upload-url: a JSON POST naming the file, and its answer read whole', () => {
    const req = buildGenerateUploadUrl({ channel: 'my-ch', name: 'a.txt' }, authCtx);
    expect(req).to.include({ operation: 'generateUploadUrl', method: 'POST', body: '{"name":"a.txt"}' });
    expect(req.headers).to.deep.equal({ 'Content-Type': 'application/json' });
    expect(wire(req)).to.equal(
      '/v1/files/sub/channels/my-ch/generate-upload-url?uuid=user-1&pnsdk=PubKit-Node%2F0.1.0&auth=ak',
    );
    const body = {
      status: 200,
      data: { id: 'f-1', name: 'a.txt' },
      file_upload_request: {
        url: 'http://127.0.0.1:9/storage',
        method: 'POST',
        expiration_date: '2026-01-01T00:01:00Z',
        form_fields: [
          { key: 'key', value: 'sub/f-1/a.txt' },
          { key: 'Content-Type', value: 'text/plain' },
        ],
      },
    };
    expect(parseGenerateUploadUrl(res(JSON.stringify(body)))).to.deep.equal({
      id: 'f-1',
      name: 'a.txt',
      url: 'http://127.0.0.1:9/storage',
      method: 'POST',
      expirationDate: '2026-01-01T00:01:00Z',
      formFields: body.file_upload_request.form_fields,
    });
    expect(thrown(() => parseGenerateUploadUrl(res('{"status":200,"data":{"id":"x"}}')))).to.be.instanceOf(
      PubnubMalformedResponseError,
    );
    const denied = thrown(() =>
      parseGenerateUploadUrl(
        res('{"status":403,"error":true,"message":"Forbidden","payload":{"channels":["c"]}}', 403),
      ),
    );
    expect(denied).to.be.instanceOf(PubnubAccessDeniedError);
  });

  it('file names are names: separators, dot names, control characters and 256 bytes are refused', () => {
    for (const name of ['a/b.txt', '..\\x', '..', '.', 'a\nb', '', 'é'.repeat(128)]) {
      const err = thrown(() => buildGenerateUploadUrl({ channel: 'c', name }, ctx));
      expect(err, name).to.be.instanceOf(PubnubValidationError).with.property('field', 'name');
    }
    expect(() => buildGenerateUploadUrl({ channel: 'c', name: 'é'.repeat(127) }, ctx)).not.to.throw();
    expect(thrown(() => buildDownloadFile({ ...ref, id: '../x' }, ctx))).to.be.instanceOf(PubnubValidationError);
  });

  it('publish-file: the payload in the path with publish options, and encrypted whole with a cipher', () => {
    const req = buildPublishFile(
      {
        channel: 'c',
        fileId: 'f-1',
        fileName: 'a.txt',
        message: { text: 'hi' },
        storeInHistory: false,
        ttl: 5,
        meta: { k: 1 },
        customMessageType: 'file-share',
      },
      ctx,
    );
    expect(wire(req)).to.equal(
      '/v1/files/publish-file/pub/sub/0/c/0/%7B%22message%22%3A%7B%22text%22%3A%22hi%22%7D%2C%22file%22%3A%7B%22name%22%3A%22a.txt%22%2C%22id%22%3A%22f-1%22%7D%7D' +
        '?store=0&ttl=5&meta=%7B%22k%22%3A1%7D&custom_message_type=file-share&uuid=user-1&pnsdk=PubKit-Node%2F0.1.0',
    );
    // No message: the payload carries the file alone (as the official SDK sends it).
    const bare = buildPublishFile({ channel: 'c', fileId: 'f-1', fileName: 'a.txt' }, ctx);
    expect(decodeURIComponent(bare.path.split('/').pop()!)).to.equal('{"file":{"name":"a.txt","id":"f-1"}}');
    const cipher = realCipher('enigma');
    const enc = buildPublishFile({ channel: 'c', fileId: 'f-1', fileName: 'a.txt', message: 'hi' }, { ...ctx, cipher });
    const payload = JSON.parse(decodeURIComponent(enc.path.split('/').pop()!)) as string;
    expect(JSON.parse(cipher.decrypt(payload))).to.deep.equal({ message: 'hi', file: { name: 'a.txt', id: 'f-1' } });
    for (const bad of [{ ttl: -1 }, { meta: ['x'] }, { customMessageType: 'pn-x' }]) {
      const err = thrown(() => buildPublishFile({ channel: 'c', fileId: 'f', fileName: 'a', ...bad } as never, ctx));
      expect(err).to.be.instanceOf(PubnubValidationError).with.property('operation', 'publishFile');
    }
    const big = { channel: 'c', fileId: 'f', fileName: 'a', message: 'x'.repeat(33_000) };
    expect(thrown(() => buildPublishFile(big, ctx))).to.be.instanceOf(PubnubValidationError);
    expect(parsePublishFile(res('[1,"Sent","17000000000000001"]'))).to.deep.equal({ timetoken: '17000000000000001' });
    expect(thrown(() => parsePublishFile(res('[0,"Invalid Key","1"]', 400)))).to.be.instanceOf(PubnubServiceError);
    expect(thrown(() => parsePublishFile(res('{"ok":1}')))).to.be.instanceOf(PubnubMalformedResponseError);
  });

  it('listFiles: limit and next in the query, a page read with its cursor, limits refused', () => {
    expect(wire(buildListFiles({ channel: 'c', limit: 2, next: 'abc' }, ctx))).to.equal(
      '/v1/files/sub/channels/c/files?limit=2&next=abc&uuid=user-1&pnsdk=PubKit-Node%2F0.1.0',
    );
    for (const limit of [0, 101, 1.5]) {
      expect(thrown(() => buildListFiles({ channel: 'c', limit }, ctx))).to.be.instanceOf(PubnubValidationError);
    }
    const page = {
      status: 200,
      data: [{ name: 'a.txt', id: 'f-1', size: 3, created: '2026-01-01T00:00:00Z' }],
      next: 'n2',
      count: 1,
    };
    expect(parseListFiles(res(JSON.stringify(page)))).to.deep.equal(page);
    const last = parseListFiles(res('{"status":200,"data":[],"count":0}'));
    expect(last).to.deep.equal({ status: 200, data: [], count: 0 });
    expect(thrown(() => parseListFiles(res('{"status":200,"data":[{"id":1}]}')))).to.be.instanceOf(
      PubnubMalformedResponseError,
    );
  });

  it('download: one path, a redirect read for its Location, errors typed', () => {
    const req = buildDownloadFile(ref, ctx);
    expect(req.method).to.equal('GET');
    expect(wire(req)).to.equal(
      '/v1/files/sub/channels/my-ch/files/f-1/cat%20photo.jpg?uuid=user-1&pnsdk=PubKit-Node%2F0.1.0',
    );
    expect(readDownloadLocation(res('', 307, { location: 'http://s/x?sig=1' }))).to.equal('http://s/x?sig=1');
    expect(readDownloadLocation(res('file bytes', 200))).to.equal(undefined);
    expect(thrown(() => readDownloadLocation(res('', 307, {})))).to.be.instanceOf(PubnubMalformedResponseError);
    const missing = thrown(() => readDownloadLocation(res('{"status":404,"message":"Not Found"}', 404)));
    expect(missing).to.be.instanceOf(PubnubServiceError).with.nested.property('upstream.status', 404);
    expect(thrown(() => readDownloadLocation(res('{"status":403,"message":"Forbidden"}', 403)))).to.be.instanceOf(
      PubnubAccessDeniedError,
    );
  });

  it('delete: DELETE on the file path; a 404 is a service error', () => {
    const req = buildDeleteFile(ref, authCtx);
    expect(req.method).to.equal('DELETE');
    expect(req.path).to.equal('/v1/files/sub/channels/my-ch/files/f-1/cat%20photo.jpg');
    expect(parseDeleteFile(res('{"status":200}'))).to.deep.equal({ status: 200 });
    expect(thrown(() => parseDeleteFile(res('{"status":404,"message":"Not Found"}', 404)))).to.be.instanceOf(
      PubnubServiceError,
    );
  });
});
