/**
 * `toHttpError` on plain error values: the status table, what a body may say (never a key), and the errors it
 * leaves to the application. The routes' tests check the same mapping through real Express and Koa servers.
 */
import {
  PubnubAbortError,
  PubnubAccessDeniedError,
  PubnubCryptoError,
  PubnubTimeoutError,
  PubnubValidationError,
} from '@pubkit/core';
import { toHttpError } from '@pubkit/node/http';
import { expect } from 'chai';

describe('node/http: toHttpError', () => {
  it('maps each pubkit error class to its status', () => {
    expect(toHttpError(new PubnubValidationError('channel', 'bad channel'))?.status).to.equal(400);
    expect(toHttpError(new PubnubTimeoutError(200))?.status).to.equal(504);
    expect(toHttpError(new PubnubAbortError())?.status).to.equal(503);
    expect(toHttpError(new PubnubCryptoError('bad padding'))?.status).to.equal(500);
    const denied = new PubnubAccessDeniedError('Forbidden', { status: 403, body: 'sk' }, { channels: ['a'] });
    expect(toHttpError(denied)).to.deep.equal({
      status: 403,
      body: { error: { code: 'PN_ACCESS_DENIED', message: 'access denied by the PubNub service', channels: ['a'] } },
    });
  });

  it('passes a validation message through, unless its field names a key (the message may quote it)', () => {
    const channel = toHttpError(new PubnubValidationError('channel', 'channel "a b" has a space'));
    expect(channel?.body.error).to.deep.equal({
      code: 'PN_VALIDATION',
      message: 'channel "a b" has a space',
      field: 'channel',
    });
    const auth = toHttpError(new PubnubValidationError('authKey', 'authKey "hunter2" is too long'));
    expect(auth?.body.error.message).to.equal('authKey is not valid');
  });

  it('recognises a pubkit error from another copy of @pubkit/core by its code', () => {
    const foreign = Object.assign(new Error('x'), { code: 'PN_TIMEOUT' });
    expect(toHttpError(foreign)?.status).to.equal(504);
  });

  it("maps body-parser's exposed 4xx errors and leaves everything else to the app", () => {
    const parse = Object.assign(new Error('Unexpected token'), {
      status: 400,
      expose: true,
      type: 'entity.parse.failed',
    });
    expect(toHttpError(parse)?.body.error).to.deep.equal({
      code: 'BAD_REQUEST',
      message: 'the request body is not valid JSON',
    });
    expect(toHttpError(Object.assign(new Error('big'), { status: 413, expose: true }))?.body.error.code).to.equal(
      'PAYLOAD_TOO_LARGE',
    );
    expect(toHttpError(Object.assign(new Error('hidden'), { status: 400, expose: false }))).to.equal(undefined);
    expect(toHttpError(new Error('boom'))).to.equal(undefined);
    expect(toHttpError('a string')).to.equal(undefined);
  });
});
