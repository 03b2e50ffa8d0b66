import {
  createConfig,
  type MessageCipher,
  PUBKIT_PNSDK,
  type PubnubOptions,
  PubnubValidationError,
  silentLogger,
  toRequestContext,
} from '@pubkit/core';
import { expect } from 'chai';

const env = { random: { uuid: () => '00000000-0000-4000-8000-000000000001' } };
const KEYS = { publishKey: 'pub', subscribeKey: 'sub' };

function config(extra: Record<string, unknown> = {}) {
  return createConfig({ ...KEYS, ...extra } as PubnubOptions, env);
}

function rejects(extra: Record<string, unknown>, field: string, message: RegExp): void {
  let caught: unknown;
  try {
    config(extra);
  } catch (err) {
    caught = err;
  }
  expect(caught, `expected ${JSON.stringify(extra)} to be rejected`).to.be.instanceOf(PubnubValidationError);
  expect(caught).to.have.property('field', field);
  expect((caught as Error).message).to.match(message);
}

describe('core/config: createConfig', () => {
  it('applies every default', () => {
    const c = config();
    expect(c).to.deep.include({
      publishKey: 'pub',
      subscribeKey: 'sub',
      secretKey: undefined,
      cipherKey: undefined,
      authKey: undefined,
      ssl: true,
      origin: 'pubsub.pubnub.com',
      originUrl: 'https://pubsub.pubnub.com',
      uuid: '00000000-0000-4000-8000-000000000001',
      pooling: true,
      useRandomIVs: false,
      heartbeat: 0,
      heartbeatInterval: 0,
      requestTimeoutMs: 15000,
      subscribeTimeoutMs: 310000,
      maxPublishQueue: 1000,
      pnsdk: PUBKIT_PNSDK,
    });
    expect(c.retry).to.deep.equal({ baseDelayMs: 1000, maxDelayMs: 32000, jitterMs: 1000, maxAttempts: Infinity });
    expect(c.logger).to.equal(silentLogger);
  });

  it('freezes the result and its retry settings', () => {
    const c = config();
    expect(Object.isFrozen(c)).to.equal(true);
    expect(Object.isFrozen(c.retry)).to.equal(true);
    expect(Reflect.set(c, 'uuid', 'x')).to.equal(false);
    expect(c.uuid).to.equal('00000000-0000-4000-8000-000000000001');
  });

  it('keeps given values', () => {
    const logger = { ...silentLogger };
    const c = config({
      secretKey: 'sec',
      cipherKey: 'enigma',
      authKey: 'ak',
      ssl: false,
      uuid: 'user-1',
      pooling: false,
      useRandomIVs: true,
      heartbeat: 10,
      requestTimeoutMs: 5000,
      subscribeTimeoutMs: 60000,
      retry: { baseDelayMs: 10, maxDelayMs: 100, jitterMs: 0, maxAttempts: 3 },
      maxPublishQueue: 5,
      pnsdk: 'MyApp/1.2',
      logger,
    });
    expect(c).to.deep.include({ secretKey: 'sec', cipherKey: 'enigma', authKey: 'ak', ssl: false, uuid: 'user-1' });
    expect(c).to.deep.include({ pooling: false, useRandomIVs: true, heartbeat: 10, heartbeatInterval: 4 });
    expect(c).to.deep.include({ requestTimeoutMs: 5000, subscribeTimeoutMs: 60000, maxPublishQueue: 5 });
    expect(c.originUrl).to.equal('http://pubsub.pubnub.com');
    expect(c.retry).to.deep.equal({ baseDelayMs: 10, maxDelayMs: 100, jitterMs: 0, maxAttempts: 3 });
    expect(c.pnsdk).to.equal(`${PUBKIT_PNSDK} MyApp/1.2`);
    expect(c.logger).to.equal(logger);
  });

  it('empty optional keys mean "not set"', () => {
    expect(config({ authKey: '', secretKey: '', cipherKey: '' })).to.deep.include({
      authKey: undefined,
      secretKey: undefined,
      cipherKey: undefined,
    });
  });

  it('presUuid is an alias of uuid; both must agree', () => {
    expect(config({ presUuid: 'p' }).uuid).to.equal('p');
    expect(config({ presUuid: 'same', uuid: 'same' }).uuid).to.equal('same');
    rejects({ presUuid: 'a', uuid: 'b' }, 'presUuid', /differs from uuid/);
  });

  it('heartbeat: interval defaults to heartbeat/2 - 1 and may be set or turned off', () => {
    expect(config({ heartbeat: 300 }).heartbeatInterval).to.equal(149);
    expect(config({ heartbeat: 5 }).heartbeatInterval).to.equal(1.5);
    expect(config({ heartbeat: 60, heartbeatInterval: 20 }).heartbeatInterval).to.equal(20);
    expect(config({ heartbeat: 60, heartbeatInterval: 0 }).heartbeatInterval).to.equal(0);
  });

  it('takes the base pnsdk from the env when given', () => {
    expect(createConfig(KEYS, { ...env, pnsdk: 'PubKit-Test/9' }).pnsdk).to.equal('PubKit-Test/9');
  });

  describe('origin forms', () => {
    const cases: Array<[Record<string, unknown>, string, string, boolean]> = [
      [{ origin: 'example.com' }, 'example.com', 'https://example.com', true],
      [{ origin: 'Example.COM' }, 'example.com', 'https://example.com', true],
      [{ origin: '127.0.0.1:8090', ssl: false }, '127.0.0.1:8090', 'http://127.0.0.1:8090', false],
      [{ origin: 'localhost:8090' }, 'localhost:8090', 'https://localhost:8090', true],
      [{ origin: 'http://127.0.0.1:8090' }, '127.0.0.1:8090', 'http://127.0.0.1:8090', false],
      [{ origin: 'http://127.0.0.1:8090/' }, '127.0.0.1:8090', 'http://127.0.0.1:8090', false],
      [{ origin: 'HTTPS://ps.pndsn.com' }, 'ps.pndsn.com', 'https://ps.pndsn.com', true],
      [{ origin: 'http://[::1]:8090', ssl: false }, '[::1]:8090', 'http://[::1]:8090', false],
    ];
    for (const [extra, origin, originUrl, ssl] of cases) {
      it(`${JSON.stringify(extra)} → ${originUrl}`, () => {
        expect(config(extra)).to.deep.include({ origin, originUrl, ssl });
      });
    }
  });

  describe('validation errors name the option', () => {
    it('requires both keys, with a hint for the seed names', () => {
      expect(() => createConfig({ publishKey: 'pub' } as PubnubOptions, env)).to.throw(
        PubnubValidationError,
        'subscribeKey is required',
      );
      expect(() => createConfig({ subscribeKey: 'sub' } as PubnubOptions, env)).to.throw('publishKey is required');
      rejects({ subscribeKey: 7 }, 'subscribeKey', /subscribeKey must be a string/);
      rejects({ subscribe_key: 'sub' }, 'subscribeKey', /subscribe_key is not an option; pubkit uses camelCase/);
      expect(() => createConfig(null as unknown as PubnubOptions, env)).to.throw(/options must be an object/);
    });

    const bad: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ origin: 'x y' }, 'origin', /^origin "x y" is not a host or URL$/],
      [{ origin: 'ftp://host' }, 'origin', /must use http or https/],
      [{ origin: 'http://host/path' }, 'origin', /is not a host or URL/],
      [{ origin: 'http://user@host' }, 'origin', /is not a host or URL/],
      [{ origin: 'host:70000' }, 'origin', /port 70000/],
      [{ origin: '' }, 'origin', /non-empty/],
      [{ origin: 'https://host', ssl: false }, 'ssl', /contradicts origin/],
      [{ ssl: 'yes' }, 'ssl', /ssl must be true or false/],
      [{ pooling: 1 }, 'pooling', /pooling must be true or false/],
      [{ useRandomIVs: 'no' }, 'useRandomIVs', /useRandomIVs/],
      [{ uuid: '' }, 'uuid', /uuid must be a non-empty string/],
      [{ uuid: 'u'.repeat(93) }, 'uuid', /limit is 92/],
      [{ authKey: 5 }, 'authKey', /authKey must be a string/],
      [{ heartbeat: 3 }, 'heartbeat', /0 \(off\) or 5\.\.320/],
      [{ heartbeat: 321 }, 'heartbeat', /heartbeat must be a whole number/],
      [{ heartbeat: 10.5 }, 'heartbeat', /whole number/],
      [{ heartbeatInterval: 5 }, 'heartbeatInterval', /needs heartbeat/],
      [{ heartbeat: 10, heartbeatInterval: 10 }, 'heartbeatInterval', /below heartbeat/],
      [{ heartbeat: 10, heartbeatInterval: -1 }, 'heartbeatInterval', />= 0/],
      [{ requestTimeoutMs: 0 }, 'requestTimeoutMs', /requestTimeoutMs must be a whole number from 1/],
      [{ subscribeTimeoutMs: 2 ** 31 }, 'subscribeTimeoutMs', /subscribeTimeoutMs/],
      [{ retry: 'fast' }, 'retry', /retry must be an object or false/],
      [{ retry: { baseDelayMs: 5000, maxDelayMs: 100 } }, 'retry.maxDelayMs', /below retry.baseDelayMs/],
      [{ retry: { maxAttempts: -1 } }, 'retry.maxAttempts', /retry.maxAttempts/],
      [{ maxPublishQueue: 0 }, 'maxPublishQueue', /maxPublishQueue/],
      [{ pnsdk: 'a\nb' }, 'pnsdk', /printable/],
      [{ logger: {} }, 'logger', /debug, info, warn and error/],
    ];
    for (const [extra, field, message] of bad) {
      it(`${JSON.stringify(extra)} → ${field}`, () => rejects(extra, field, message));
    }
  });

  it('retry: false means never retry', () => {
    expect(config({ retry: false }).retry.maxAttempts).to.equal(0);
  });
});

describe('core/config: toRequestContext', () => {
  it('carries keys, identity, timeouts and the cipher', () => {
    const cipher: MessageCipher = { encrypt: (s) => s, decrypt: (s) => s };
    const c = config({ authKey: 'ak', uuid: 'user-1' });
    expect(toRequestContext(c, cipher)).to.deep.equal({
      publishKey: 'pub',
      subscribeKey: 'sub',
      uuid: 'user-1',
      authKey: 'ak',
      pnsdk: PUBKIT_PNSDK,
      requestTimeoutMs: 15000,
      subscribeTimeoutMs: 310000,
      cipher,
    });
    expect(toRequestContext(config()).authKey).to.equal(undefined);
  });
});
