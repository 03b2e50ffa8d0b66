/**
 * What a server with `dataDir` keeps across a restart, end to end through pubkit's client (docs/protocol.md
 * §13.1): history, message actions and Access Manager grants (a revoke stays revoked, an expired grant is gone).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pubnub, PubnubAccessDeniedError } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';
import { expect } from 'chai';

const KEYS = { publishKey: 'pub-r', subscribeKey: 'sub-r' };
const KEYSET = { ...KEYS, secretKey: 'sec-r' };

describe('server: a restart on the same dataDir keeps history, actions and grants', () => {
  let dir: string;
  let server: RunningServer | undefined;
  const clients: Pubnub[] = [];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pubkit-restart-'));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    server = await startServer({ port: 0, dataDir: dir, keysets: [KEYSET] });
  };
  const client = (extra: Record<string, unknown>) => {
    const c = new Pubnub({ ...KEYS, origin: server!.url, ...extra });
    clients.push(c);
    return c;
  };
  const restart = async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server!.close();
    await start();
  };

  it('keeps them all', async () => {
    await start();
    const admin = client({ secretKey: KEYSET.secretKey, uuid: 'admin' });
    await admin.grant({ channel: 'kept', authKey: 'reader', read: true, write: true, ttl: 0 });
    await admin.grant({ channel: 'revoked', authKey: 'reader', read: true, ttl: 0 });
    await admin.revoke({ channel: 'revoked', authKey: 'reader' });
    const [, , mtt] = await admin.publish('kept', 'before the restart');
    await admin.addMessageAction({
      channel: 'kept',
      messageTimetoken: mtt,
      action: { type: 'receipt', value: 'read' },
    });

    await restart();
    const reader = client({ authKey: 'reader', uuid: 'reader' });
    const page = await reader.fetchMessages({ channels: ['kept'], includeMessageActions: true });
    expect(page.channels.kept!.map((m) => m.message)).to.deep.equal(['before the restart']);
    expect(Object.keys(page.channels.kept![0]!.actions ?? {})).to.deep.equal(['receipt']);
    const denied = await reader.fetchMessages({ channels: ['revoked'] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(denied).to.be.instanceOf(PubnubAccessDeniedError);
    const stranger = client({ authKey: 'stranger' });
    const refused = await stranger.fetchMessages({ channels: ['kept'] }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(refused).to.be.instanceOf(PubnubAccessDeniedError);
  });
});
