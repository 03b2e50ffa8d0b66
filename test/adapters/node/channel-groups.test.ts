/**
 * `pubnub.channelGroups` (issue 12) end to end against the real server on port 0, in both call modes, under PAM,
 * and side by side with pubnub@7.3.3 calling the same endpoints: what one client writes, the other reads the same.
 */
import { PubnubAbortError, PubnubAccessDeniedError, PubnubValidationError } from '@pubkit/node';
import { expect } from 'chai';
import { pubnub7, type Sdk7 } from '../../compat/pubnub7.js';
import { channelName, OPEN_KEYSET, PAM_KEYSET, useHarness } from './support/server.js';

/** The registry calls of pubnub@7.3.3 (the shared `Sdk7` type does not list them). */
interface Sdk7Groups {
  channelGroups: {
    addChannels(p: { channelGroup: string; channels: string[] }): Promise<unknown>;
    removeChannels(p: { channelGroup: string; channels: string[] }): Promise<unknown>;
    listChannels(p: { channelGroup: string }): Promise<{ channels: string[] }>;
    deleteGroup(p: { channelGroup: string }): Promise<unknown>;
    listGroups(): Promise<{ groups: string[] }>;
  };
}

describe('node client: channel groups', () => {
  const h = useHarness();
  const sdks: Sdk7[] = [];
  afterEach(() => {
    for (const sdk of sdks.splice(0)) sdk.stop();
  });

  it('add, list, remove, delete and list groups (Promise mode)', async () => {
    const client = h().client();
    const group = channelName('cg');
    const [a, b, c] = [channelName('a'), channelName('b'), channelName('c')];
    expect(await client.channelGroups.addChannels({ channelGroup: group, channels: [a, b] })).to.deep.equal({});
    await client.channelGroups.addChannels({ channelGroup: group, channels: c });
    expect((await client.channelGroups.listChannels({ channelGroup: group })).channels).to.have.members([a, b, c]);
    expect((await client.channelGroups.listGroups()).groups).to.include(group);
    await client.channelGroups.removeChannels({ channelGroup: group, channels: [b] });
    expect((await client.channelGroups.listChannels({ channelGroup: group })).channels).to.have.members([a, c]);
    expect(await client.channelGroups.deleteGroup({ channelGroup: group })).to.deep.equal({});
    expect((await client.channelGroups.listChannels({ channelGroup: group })).channels).to.deep.equal([]);
    expect((await client.channelGroups.listGroups()).groups).to.not.include(group);
  });

  it('callback mode, signal, and bad input refused before sending', async () => {
    const client = h().client();
    const group = channelName('cg');
    const listed = await new Promise<{ channels: readonly string[] }>((resolve, reject) => {
      client.channelGroups.addChannels({
        channelGroup: group,
        channels: ['x1'],
        error: reject,
        callback: () => client.channelGroups.listChannels({ channelGroup: group, callback: resolve, error: reject }),
      });
    });
    expect(listed.channels).to.deep.equal(['x1']);
    const aborted = new AbortController();
    aborted.abort();
    const err = await client.channelGroups.listGroups({ signal: aborted.signal }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PubnubAbortError);
    const tooMany = Array.from({ length: 201 }, (_, i) => `c${i}`);
    expect(() => client.channelGroups.addChannels({ channelGroup: group, channels: tooMany })).to.throw(
      PubnubValidationError,
    );
    expect(() => client.channelGroups.listChannels({ channelGroup: 'bad,name' })).to.throw(PubnubValidationError);
  });

  it('under PAM: manage is needed; the admin (secret key) may; a user key may after a manage grant', async () => {
    const admin = h().client({ ...PAM_KEYSET });
    const user = h().client({
      publishKey: PAM_KEYSET.publishKey,
      subscribeKey: PAM_KEYSET.subscribeKey,
      authKey: 'cg-user',
    });
    const group = channelName('cg');
    const denied = await user.channelGroups.addChannels({ channelGroup: group, channels: ['a'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(denied).to.be.instanceOf(PubnubAccessDeniedError);
    await admin.channelGroups.addChannels({ channelGroup: group, channels: ['a'] });
    await admin.grant({ channelGroup: group, authKey: 'cg-user', read: true, manage: true, ttl: 5 });
    expect((await user.channelGroups.listChannels({ channelGroup: group })).channels).to.deep.equal(['a']);
  });

  it('pubkit and pubnub@7.3.3 agree: each reads what the other wrote', async () => {
    const client = h().client();
    const sdk = pubnub7({ url: h().url, ...OPEN_KEYSET, uuid: 'sdk7-groups' });
    sdks.push(sdk);
    const groups = (sdk as unknown as Sdk7Groups).channelGroups;
    const mine = channelName('cg');
    const theirs = channelName('cg');
    await client.channelGroups.addChannels({ channelGroup: mine, channels: ['p1', 'p2'] });
    await groups.addChannels({ channelGroup: theirs, channels: ['s1', 's2', 's3'] });
    expect((await groups.listChannels({ channelGroup: mine })).channels).to.have.members(['p1', 'p2']);
    expect((await client.channelGroups.listChannels({ channelGroup: theirs })).channels).to.have.members([
      's1',
      's2',
      's3',
    ]);
    await groups.removeChannels({ channelGroup: mine, channels: ['p1'] });
    await client.channelGroups.removeChannels({ channelGroup: theirs, channels: ['s2'] });
    expect((await client.channelGroups.listChannels({ channelGroup: mine })).channels).to.deep.equal(['p2']);
    expect((await groups.listChannels({ channelGroup: theirs })).channels).to.have.members(['s1', 's3']);
    const [ours, sdkGroups] = await Promise.all([client.channelGroups.listGroups(), groups.listGroups()]);
    expect([...ours.groups].sort()).to.deep.equal([...sdkGroups.groups].sort());
    await groups.deleteGroup({ channelGroup: mine });
    await client.channelGroups.deleteGroup({ channelGroup: theirs });
    const after = await groups.listGroups();
    expect(after.groups).to.not.include(mine);
    expect(after.groups).to.not.include(theirs);
  });
});
