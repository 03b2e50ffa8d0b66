/**
 * Issue 10, "Failures that speak" (client parts), against the real server on port 0: unknown constructor options
 * are refused with the pubkit name; the official SDK's object-form publish/fire/signal work and resolve
 * `{ timetoken }`; TLS against a plain-HTTP origin says what to change; the logger is silent by default and, when
 * given (console or pino shape), logs every request at debug with credentials, tokens and keys redacted.
 */
import { Pubnub, type PubnubNetworkError, PubnubValidationError } from '@pubkit/node';
import { expect } from 'chai';
import sinon from 'sinon';
import { channelName, OPEN_KEYSET, PAM_KEYSET, useHarness } from './support/server.js';

type Line = { level: string; message: string; fields: Record<string, unknown> | undefined };

function recordingLogger(lines: Line[]) {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    lines.push({ level, message, fields });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('node client: failures that speak', () => {
  const h = useHarness();

  describe('constructor options', () => {
    const refused = (options: Record<string, unknown>): PubnubValidationError => {
      try {
        new Pubnub({ publishKey: 'p', subscribeKey: 's', ...options } as never);
      } catch (err) {
        if (err instanceof PubnubValidationError) return err;
        throw err;
      }
      throw new Error('accepted');
    };

    it('official SDK names are refused with the pubkit name', () => {
      expect(refused({ userId: 'u1' })).to.include({ field: 'userId' });
      expect(refused({ userId: 'u1' }).message).to.match(/userId is not a pubkit option; use `uuid`/);
      expect(refused({ logVerbosity: true }).message).to.match(/use `logger`/);
      expect(refused({ presenceTimeout: 60 }).message).to.match(/use `heartbeat`/);
      expect(refused({ subscribeRequestTimeout: 1 }).message).to.match(/subscribeTimeoutMs/);
      expect(refused({ transactionalRequestTimeout: 1 }).message).to.match(/requestTimeoutMs/);
      expect(refused({ keepAlive: true }).message).to.match(/pooling/);
      expect(refused({ retryConfiguration: {} }).message).to.match(/use `retry`/);
      expect(refused({ restore: true }).message).to.match(/remove it/);
    });

    it('any other unknown option is refused; seed snake_case names keep their camelCase hint', () => {
      expect(refused({ publishKeyy: 'x' }).message).to.match(/publishKeyy is not a pubkit option/);
      expect(refused({ auth_key: 'x' }).message).to.match(/camelCase: authKey/);
    });

    it('every documented option is accepted', async () => {
      const client = new Pubnub({
        publishKey: 'p',
        subscribeKey: 's',
        secretKey: 'k',
        cipherKey: 'c',
        authKey: 'a',
        ssl: false,
        origin: '127.0.0.1:1',
        uuid: 'u',
        presUuid: 'u',
        pooling: true,
        useRandomIVs: true,
        heartbeat: 60,
        heartbeatInterval: 29,
        requestTimeoutMs: 1000,
        subscribeTimeoutMs: 1000,
        retry: false,
        maxPublishQueue: 10,
        pnsdk: 'App/1',
        logger: console,
        publishPipelining: 4,
        maxResponseBytes: 1024,
      });
      await client.close();
    });
  });

  describe('object-form calls of the official SDK', () => {
    it('publish({ channel, message }) resolves { timetoken } and stores the message', async () => {
      const client = h().client();
      const ch = channelName('obj');
      const sent = await client.publish({ channel: ch, message: { text: 'hi' } });
      expect(sent.timetoken).to.match(/^\d{17}$/);
      const notStored = await client.publish({ channel: ch, message: 'skip', storeInHistory: false });
      expect(notStored.timetoken).to.match(/^\d{17}$/);
      const [messages] = await client.history(ch);
      expect(messages).to.deep.equal([{ text: 'hi' }]);
    });

    it('fire and signal take the object form too; callback mode works with it', async () => {
      const client = h().client();
      const ch = channelName('obj');
      expect((await client.fire({ channel: ch, message: 1 })).timetoken).to.match(/^\d{17}$/);
      expect((await client.signal({ channel: ch, message: 's' })).timetoken).to.match(/^\d{17}$/);
      const got = await new Promise<unknown>((resolve, reject) => {
        client.publish({ channel: ch, message: 2, callback: resolve, error: reject });
      });
      expect(got).to.have.property('timetoken');
    });

    it('a bad object form is a PubnubValidationError naming the channel', () => {
      const client = h().client();
      expect(() => client.publish({ channel: '', message: 1 })).to.throw(PubnubValidationError);
      expect(() => client.publish(null as never, 'x')).to.throw(PubnubValidationError);
    });
  });

  it('TLS against a plain-HTTP origin says to use ssl: false or an http:// origin', async () => {
    const client = new Pubnub({ ...OPEN_KEYSET, origin: h().url.replace('http://', 'https://') });
    try {
      const err = (await client.time().then(
        () => undefined,
        (e: unknown) => e,
      )) as PubnubNetworkError;
      expect(err.code).to.equal('PN_NETWORK');
      expect(err.message).to.include('use `ssl: false` or an `http://` origin');
    } finally {
      await client.close();
    }
  });

  describe('logger', () => {
    afterEach(() => sinon.restore());

    it('is silent by default: nothing reaches the console', async () => {
      const spies = (['log', 'debug', 'info', 'warn', 'error'] as const).map((m) => sinon.spy(console, m));
      const client = h().client();
      await client.publish(channelName('quiet'), 'x');
      await client.time();
      for (const spy of spies) expect(spy.called).to.equal(false);
    });

    it('logs each request at debug (method, path, status, ms) with auth, signature and keys redacted', async () => {
      const lines: Line[] = [];
      const client = h().client({
        ...PAM_KEYSET,
        authKey: 'very-secret-auth',
        logger: recordingLogger(lines),
      });
      const ch = channelName('logged');
      await client.grant({ channel: ch, authKey: 'very-secret-auth', read: true, write: true, ttl: 5 });
      await client.publish(ch, 'x');
      await client.time();
      const requests = lines.filter((l) => l.level === 'debug' && l.message.startsWith('request '));
      expect(requests.map((l) => l.fields?.operation)).to.deep.equal(['grant', 'publish', 'time']);
      const publish = requests[1]!;
      expect(publish.fields).to.include({ method: 'GET', status: 200 });
      expect(publish.fields?.ms).to.be.a('number');
      expect(publish.fields?.path).to.match(/^\/publish\/\[redacted\]\/\[redacted\]\/0\//);
      expect(publish.fields?.path).to.include('auth=[redacted]');
      expect(publish.fields?.path).to.include('signature=[redacted]');
      const everything = JSON.stringify(lines);
      for (const secret of ['very-secret-auth', PAM_KEYSET.secretKey, PAM_KEYSET.publishKey, PAM_KEYSET.subscribeKey]) {
        expect(everything).to.not.include(secret);
      }
    });

    it('a pino-shaped logger gets (fields, message)', async () => {
      const calls: unknown[][] = [];
      const record =
        (level: string) =>
        (...args: unknown[]) =>
          calls.push([level, ...args]);
      const pinoLike = {
        levels: { values: { debug: 20 } },
        child: () => pinoLike,
        debug: record('debug'),
        info: record('info'),
        warn: record('warn'),
        error: record('error'),
      };
      const client = h().client({ logger: pinoLike });
      await client.time();
      const [level, fields, message] = calls[0] ?? [];
      expect(level).to.equal('debug');
      expect(fields).to.include({ operation: 'time', status: 200 });
      expect(message).to.match(/^request GET \/time\/0/);
    });
  });
});
