/**
 * The publish handler's JSON check (`server/src/json-text.ts`) accepts exactly what `JSON.parse` accepts: generated
 * texts — JSON values, JSON with one piece inserted or deleted, and soups of JSON's own punctuation, escapes,
 * number parts, literals and whitespace (JSON's and Unicode's) — published over real HTTP as a POST body and as a
 * GET `meta`, answered 200 exactly when `JSON.parse` takes the trimmed text, else 400 `[0,"Invalid JSON",tt]`
 * (docs/protocol.md §5). The scan replaced `JSON.parse` on the ingest path (docs/performance.md §3).
 */
import { Agent, request } from 'node:http';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';
import fc from 'fast-check';
import { budget, TEST_TIMEOUT_MS } from './budget.js';

/** One request on a keep-alive agent; resolves to the status and body. */
function send(agent: Agent, server: RunningServer, path: string, body?: string): Promise<[number, string]> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: body === undefined ? 'GET' : 'POST',
        path,
        agent,
        headers: body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve([res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')]));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const PIECES = [
  '{',
  '}',
  '[',
  ']',
  ',',
  ':',
  '"',
  '\\',
  '"k":',
  '"a"',
  '0',
  '1',
  '9',
  '01',
  '-',
  '+',
  '.',
  '1.',
  '.5',
  '0.5',
  'e',
  'E',
  '1e5',
  '-0',
  'true',
  'false',
  'null',
  'tru',
  'nul',
  '\\u00e9',
  '\\ud83d',
  '\\u12',
  '\\x',
  '\\/',
  '\\b',
  '\\"',
  ' ',
  '\t',
  '\n',
  '\r',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '\u0000',
  '\u001f',
  '\u007f',
  '"\u001f"',
  '"\u0000 \u007f"',
  '"\\u00zz"',
  'é',
  '😀',
];
const piece = fc.constantFrom(...PIECES);
const soup = fc.array(piece, { maxLength: 16 }).map((parts) => parts.join(''));
const value = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));
const mutated = fc.tuple(value, fc.nat(), piece, fc.boolean()).map(([text, at, inserted, remove]) => {
  const i = at % (text.length + 1);
  return remove ? text.slice(0, i) + text.slice(i + 1) : text.slice(0, i) + inserted + text.slice(i);
});
const text = fc.oneof(soup, value, mutated);

function parses(t: string): boolean {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

describe('fuzz: the publish JSON check agrees with JSON.parse', function () {
  this.timeout(TEST_TIMEOUT_MS);
  let server: RunningServer | undefined;
  let agent: Agent | undefined;
  afterEach(async () => {
    agent?.destroy();
    await server?.close();
  });

  it('a message (POST body) or meta (GET query) is accepted exactly when JSON.parse takes it', async () => {
    const s = await startServer({ port: 0 });
    server = s;
    const a = new Agent({ keepAlive: true, maxSockets: 1 });
    agent = a;
    let accepted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(text, fc.boolean(), async (t, asMeta) => {
        const [status, body] = asMeta
          ? await send(a, s, `/publish/pub/sub/0/fz/0/1?meta=${encodeURIComponent(t)}`)
          : await send(a, s, '/publish/pub/sub/0/fz/0', t);
        // What the handler judges: the text as the server decoded it, trimmed; an empty meta means none.
        const trimmed = t.trim();
        const ok = asMeta && trimmed === '' ? true : parses(trimmed);
        if (ok) {
          expect(status, JSON.stringify(t)).to.equal(200);
          expect(body).to.match(/^\[1,"Sent","\d{17}"\]$/);
          accepted++;
        } else {
          expect(status, JSON.stringify(t)).to.equal(400);
          expect(body).to.match(/^\[0,"Invalid JSON","\d{17}"\]$/);
          refused++;
        }
      }),
      budget(0.5),
    );
    // Both answers were exercised.
    expect(accepted).to.be.greaterThan(10);
    expect(refused).to.be.greaterThan(10);
  });
});
