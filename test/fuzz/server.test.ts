/**
 * Fuzzing the server's request handling (docs/testing.md §3): generated methods, paths, queries and bodies against a
 * real server on port 0, over real HTTP.
 *
 * - Dev mode (any keys, no Access Manager): no 5xx, and every answer is PubNub-shaped: JSON (or JSONP when the path
 *   names a callback), whatever was asked. The server still serves a real client afterwards.
 * - Access Manager on (a keyset with a secret key): the fuzzer cannot sign, so every request that would change
 *   state must be refused, and must change nothing: after thousands of refused publishes, signals, grants, token
 *   grants, group edits, state sets, action adds and deletions, an admin client (signing with the secret key) reads
 *   an empty history, no grants, no groups, no actions.
 */
import { Agent, request } from 'node:http';
import { Pubnub } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import fc from 'fast-check';
import { budget, TEST_TIMEOUT_MS } from './budget.js';

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** One request on a shared keep-alive agent (destroyed after each suite, so no socket outlives it). */
function send(agent: Agent, server: RunningServer, method: string, path: string, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        agent,
        // Framed explicitly: Node's client sends no Content-Length for a GET or DELETE body, and the server would
        // rightly read the unframed bytes as the start of the next request on the connection.
        headers:
          body === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Percent-encodes UTF-8 bytes (random bytes make invalid UTF-8 on purpose). */
const pct = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');

/** A path segment: a plausible name, an encoded JSON value, raw encoded bytes, or a known troublemaker. */
const segment = fc.oneof(
  fc.constantFrom('fz', 'fz-2', 'fz-pnpres', 'fz.*', 'fz,fz-2', ',', '0', 'pub', 'sub', 'demo', '', 'cb', 'x_y'),
  fc.stringMatching(/^[A-Za-z0-9._~-]{1,12}$/),
  fc.jsonValue({ maxDepth: 2 }).map((v) => encodeURIComponent(JSON.stringify(v))),
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map(pct),
  fc.constantFrom('%', '%G0', '%E2%82', '..', '%2F', '%2C', 'a'.repeat(100)),
);

const KNOWN_QUERY = [
  'uuid',
  'auth',
  'signature',
  'timestamp',
  'tt',
  'tr',
  'heartbeat',
  'state',
  'count',
  'start',
  'end',
  'reverse',
  'include_token',
  'store',
  'norep',
  'meta',
  'ttl',
  'r',
  'w',
  'm',
  'd',
  'g',
  'u',
  'j',
  'channel',
  'channel-group',
  'filter-expr',
  'limit',
  'max',
  'add',
  'remove',
  'include_meta',
  'channelsTimetoken',
  'timetoken',
  'disable_uuids',
  'state',
  'callback',
  'include_uuid',
  'include_message_type',
  'string_message_token',
];
const query = fc
  .dictionary(
    fc.oneof(fc.constantFrom(...KNOWN_QUERY), fc.stringMatching(/^[a-z_-]{1,8}$/)),
    fc.oneof(segment, fc.constantFrom('1', '0', 'true', '-1', '99999999999999999999')),
    { maxKeys: 5 },
  )
  .map((q) =>
    Object.entries(q)
      .map(([k, v]) => `${k}=${v}`)
      .join('&'),
  );

/** Templates of every route family, filled with generated segments. */
const path = fc
  .tuple(
    fc.constantFrom(
      '/time/{}',
      '/publish/{}/{}/{}/{}/{}/{}',
      '/publish/{}/{}/{}/{}/{}',
      '/signal/{}/{}/{}/{}/{}/{}',
      '/subscribe/{}/{}/{}/{}',
      '/v2/subscribe/{}/{}/{}',
      '/v2/history/sub-key/{}/channel/{}',
      '/v3/history/sub-key/{}/channel/{}',
      '/v3/history-with-actions/sub-key/{}/channel/{}',
      '/v3/history/sub_key/{}/message-counts/{}',
      '/v3/history/sub-key/{}/channel/{}',
      '/v1/message-actions/{}/channel/{}',
      '/v1/message-actions/{}/channel/{}/message/{}',
      '/v1/message-actions/{}/channel/{}/message/{}/action/{}',
      '/v2/presence/sub-key/{}',
      '/v2/presence/sub-key/{}/channel/{}',
      '/v2/presence/sub-key/{}/channel/{}/leave',
      '/v2/presence/sub-key/{}/channel/{}/heartbeat',
      '/v2/presence/sub-key/{}/channel/{}/uuid/{}',
      '/v2/presence/sub-key/{}/channel/{}/uuid/{}/data',
      '/v2/presence/sub-key/{}/uuid/{}',
      '/v1/channel-registration/sub-key/{}/channel-group',
      '/v1/channel-registration/sub-key/{}/channel-group/{}',
      '/v1/channel-registration/sub-key/{}/channel-group/{}/remove',
      '/v2/auth/grant/sub-key/{}',
      '/v1/auth/grant/sub-key/{}',
      '/v2/auth/audit/sub-key/{}',
      '/v3/pam/{}/grant',
      '/v3/pam/{}/grant/{}',
      '/v2/objects/{}/uuids/{}',
      '/v1/files/{}/channels/{}/files',
      '/{}/{}',
      '/{}',
    ),
    fc.array(segment, { minLength: 6, maxLength: 6 }),
    query,
  )
  .map(([template, parts, q]) => {
    let i = 0;
    const filled = template.replace(/\{\}/g, () => parts[i++] ?? 'x');
    return q === '' ? filled : `${filled}?${q}`;
  });

const method = fc.constantFrom('GET', 'GET', 'GET', 'POST', 'DELETE', 'PATCH', 'PUT', 'OPTIONS', 'HEAD');
const body = fc.option(
  fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 60 }),
    fc.constantFrom('{"ttl":5,"permissions":{}}', '[', ''),
  ),
  { nil: undefined },
);

/** A PubNub-shaped body: JSON, or JSONP `name(json)` when the path names a callback. */
function expectPubnubShaped(where: string, answer: Answer, head: boolean): void {
  expect(answer.status, `${where}: 5xx\n${answer.text}`).to.be.below(500);
  if (head || answer.status === 204 || (answer.status === 200 && answer.text === '')) return;
  const jsonp = /^[A-Za-z_$][\w$.]*\(([\s\S]*)\)$/.exec(answer.text);
  const text = jsonp ? jsonp[1]! : answer.text;
  let parsed = true;
  try {
    JSON.parse(text);
  } catch {
    parsed = false;
  }
  expect(
    parsed,
    `${where}: answered ${answer.status} with a body that is not JSON: ${answer.text.slice(0, 200)}`,
  ).to.equal(true);
}

describe('fuzz: the server answers any request with a PubNub-shaped answer and no 5xx', function () {
  this.timeout(TEST_TIMEOUT_MS * 2);

  it('dev mode: generated requests of every route family; the server still serves a real client after', async () => {
    const server = await startServer({ port: 0, pollTimeoutMs: 5, presenceSweepMs: 60_000 });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const statuses = new Map<number, number>();
    try {
      await fc.assert(
        fc.asyncProperty(method, path, body, async (m, p, b) => {
          const answer = await send(agent, server, m, p, m === 'GET' || m === 'HEAD' ? undefined : b);
          expectPubnubShaped(`${m} ${p}`, answer, m === 'HEAD');
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        }),
        budget(0.5),
      );
      // The count, so a run shows it reached the handlers (not only 404s).
      console.log(
        `      server fuzz (dev mode): ${[...statuses]
          .sort()
          .map(([s, n]) => `${s}×${n}`)
          .join(' ')}`,
      );
      expect(
        [...statuses.keys()].some((s) => s === 200),
        'no generated request was served',
      ).to.equal(true);
      await using client = new Pubnub({ publishKey: 'pk', subscribeKey: 'sk', origin: server.url });
      expect((await client.publish('after-fuzz', 'still fine'))[0]).to.equal(1);
      const page = await client.fetchMessages({ channels: ['after-fuzz'] });
      expect(page.channels['after-fuzz']?.map((e) => e.message)).to.deep.equal(['still fine']);
    } finally {
      agent.destroy();
      await server.close();
    }
  });

  it('Access Manager on: refused requests change nothing (no message, grant, token, group, state or action)', async () => {
    const keys = { publishKey: 'pub', subscribeKey: 'sub', secretKey: 'sec' };
    const server = await startServer({ port: 0, pollTimeoutMs: 5, presenceSweepMs: 60_000, keysets: [keys] });
    const agent = new Agent({ keepAlive: true, maxSockets: 4 });
    const accepted: string[] = [];
    let refused = 0;
    try {
      // Writes only, on the keyset's own keys, with a signature the fuzzer invents (or none).
      const write = fc
        .tuple(
          fc.constantFrom(
            'GET /publish/pub/sub/0/{ch}/0/{msg}',
            'POST /publish/pub/sub/0/{ch}/0',
            'GET /signal/pub/sub/0/{ch}/0/{msg}',
            'GET /v2/auth/grant/sub-key/sub',
            'POST /v3/pam/sub/grant',
            'DELETE /v3/pam/sub/grant/{msg}',
            'GET /v1/channel-registration/sub-key/sub/channel-group/fz-group',
            'GET /v1/channel-registration/sub-key/sub/channel-group/fz-group/remove',
            'GET /v2/presence/sub-key/sub/channel/{ch}/uuid/fuzzer/data',
            'POST /v1/message-actions/sub/channel/{ch}/message/17000000000000000',
            'DELETE /v3/history/sub-key/sub/channel/{ch}',
          ),
          fc.constantFrom('fz', 'fz-2'),
          fc.jsonValue({ maxDepth: 2 }).map((v) => encodeURIComponent(JSON.stringify(v))),
          fc.dictionary(
            fc.constantFrom(
              'signature',
              'timestamp',
              'auth',
              'uuid',
              'r',
              'w',
              'm',
              'd',
              'ttl',
              'add',
              'state',
              'channel',
              'channel-group',
            ),
            fc.oneof(segment, fc.constantFrom('1', 'v2.AAAA', 'fz', String(Math.floor(Date.now() / 1000)))),
            { maxKeys: 6 },
          ),
          body,
        )
        .map(([route, ch, msg, q, b]) => {
          const [m, template] = route.split(' ') as [string, string];
          const qs = Object.entries(q)
            .map(([k, v]) => `${k}=${v}`)
            .join('&');
          const p = template.replace('{ch}', ch).replace('{msg}', msg);
          const bodyText = m === 'GET' ? undefined : (b ?? '{"type":"reaction","value":"x"}');
          return { m, p: qs === '' ? p : `${p}?${qs}`, b: bodyText };
        });
      await fc.assert(
        fc.asyncProperty(write, async ({ m, p, b }) => {
          const answer = await send(agent, server, m, p, b);
          expectPubnubShaped(`${m} ${p}`, answer, false);
          refused += answer.status >= 400 ? 1 : 0;
          if (answer.status < 400) accepted.push(`${m} ${p} → ${answer.status} ${answer.text.slice(0, 120)}`);
        }),
        budget(0.5),
      );
      expect(accepted, `unsigned writes accepted under Access Manager:\n${accepted.join('\n')}`).to.deep.equal([]);

      await using admin = new Pubnub({ ...keys, origin: server.url });
      const history = await admin.fetchMessages({ channels: ['fz', 'fz-2'] });
      expect(Object.values(history.channels).flat(), 'a refused publish was stored').to.deep.equal([]);
      const audit = await admin.audit({});
      console.log(`      server fuzz (Access Manager): ${refused} refused writes, none stored or granted`);
      expect(audit.payload.channels, 'a refused grant left a channel grant').to.deep.equal({});
      expect(audit.payload.channelGroups, 'a refused grant left a group grant').to.deep.equal({});
      expect((await admin.channelGroups.listGroups()).groups, 'a refused group edit left a group').to.deep.equal([]);
      const actions = await admin.getMessageActions({ channel: 'fz' });
      expect(actions.data, 'a refused action add left an action').to.deep.equal([]);
    } finally {
      agent.destroy();
      await server.close();
    }
  });
});
