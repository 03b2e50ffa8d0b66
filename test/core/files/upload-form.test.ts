/**
 * The upload form (docs/protocol.md §15): exact framing, its length, framing-breaking input refused, and storage's
 * refusals read into typed errors.
 */
import {
  frameUploadForm,
  PubnubServiceError,
  PubnubValidationError,
  parseUploadFile,
  storageFailure,
  uploadFormLength,
} from '@pubkit/core';
import { expect } from 'chai';
import { res, thrown } from '../operations/helpers.js';

describe('core files: the upload form', () => {
  it('frames the fields in order, then the file, with an exact length', () => {
    const form = frameUploadForm({
      fields: [
        { key: 'key', value: 'sub/f-1/a.txt' },
        { key: 'Content-Type', value: 'text/plain' },
      ],
      fileName: 'a.txt',
      boundary: 'B0',
      contentType: 'text/plain',
    });
    expect(form.contentType).to.equal('multipart/form-data; boundary=B0');
    const whole = Buffer.concat([form.head, Buffer.from('abc'), form.tail]).toString('utf8');
    expect(whole).to.equal(
      '--B0\r\nContent-Disposition: form-data; name="key"\r\n\r\nsub/f-1/a.txt\r\n' +
        '--B0\r\nContent-Disposition: form-data; name="Content-Type"\r\n\r\ntext/plain\r\n' +
        '--B0\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\n' +
        'abc\r\n--B0--\r\n',
    );
    expect(uploadFormLength(form, 3)).to.equal(Buffer.byteLength(whole));
  });

  it('refuses what would break the framing: a quote in a name, a line break in a value, a bad boundary', () => {
    const base = { fields: [], fileName: 'a.txt', boundary: 'B0' };
    for (const bad of [
      { ...base, fileName: 'a".txt' },
      { ...base, fields: [{ key: 'k', value: 'a\r\nb' }] },
      { ...base, fields: [{ key: 'k"', value: 'v' }] },
      { ...base, boundary: 'has space' },
      { ...base, contentType: 'text/plain\r\nX: y' },
    ]) {
      expect(thrown(() => frameUploadForm(bad))).to.be.instanceOf(PubnubValidationError);
    }
  });

  it("storage's answer: 204 is success; an XML or JSON refusal becomes a service error with its words", () => {
    expect(() => parseUploadFile(res('', 204))).not.to.throw();
    const xml = thrown(() =>
      parseUploadFile(
        res(
          '<?xml version="1.0"?><Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message></Error>',
          400,
        ),
      ),
    );
    expect(xml).to.be.instanceOf(PubnubServiceError);
    expect((xml as Error).message)
      .to.include('exceeds the maximum allowed size')
      .and.include('HTTP 400');
    const code = thrown(() => parseUploadFile(res('<Error><Code>AccessDenied</Code></Error>', 403)));
    expect((code as Error).message).to.include('AccessDenied');
    const json = storageFailure(res('{"message":"upload URL expired"}', 403), 'downloadFile');
    expect(json.message).to.include('upload URL expired');
    expect(json.operation).to.equal('downloadFile');
  });
});
