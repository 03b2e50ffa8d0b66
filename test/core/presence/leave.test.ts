import { buildLeave, encodeQuery, PubnubAccessDeniedError, parseLeave } from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, ERRORS, expectTrace, res } from './fixtures.js';

describe('core/presence: leave', () => {
  it('matches the captured unsubscribeAll trace: unique, sorted, -pnpres excluded (docs/protocol.md §9.1)', () => {
    const req = buildLeave(
      { channels: ['ch2', 'ch1-pnpres', 'ch1', 'ch2', 'ch2-pnpres'], channelGroups: ['cg1-pnpres', 'cg1'] },
      ctx,
    );
    expect(req?.operation).to.equal('leave');
    expectTrace(req!, '/v2/presence/sub-key/sub/channel/ch1,ch2/leave?channel-group=cg1&…');
    expect(encodeQuery(req!.query)).to.match(/^channel-group=cg1&uuid=user-1&pnsdk=PubNub-JS-Nodejs%2F10\.2\.9$/);
  });

  it('matches the event-engine trace with an auth key (docs/protocol.md §9.1)', () => {
    expectTrace(buildLeave({ channels: 'ch1' }, authCtx)!, '/v2/presence/sub-key/sub/channel/ch1/leave?…&auth=ak');
  });

  it('groups only: the `,` placeholder, groups sorted and comma-joined', () => {
    const req = buildLeave({ channelGroups: ['cg2', 'cg1'] }, ctx);
    expect(req?.path).to.equal('/v2/presence/sub-key/sub/channel/,/leave');
    expect(encodeQuery(req!.query)).to.contain('channel-group=cg1%2Ccg2');
  });

  it('returns undefined when nothing remains to leave', () => {
    expect(buildLeave({}, ctx)).to.equal(undefined);
    expect(buildLeave({ channels: ['a-pnpres'], channelGroups: ['g-pnpres'] }, ctx)).to.equal(undefined);
  });

  it('parses the recorded body (docs/protocol.md §2.10)', () => {
    expect(parseLeave(res('{"status": 200, "action": "leave", "message": "OK", "service": "Presence"}'))).to.equal(
      undefined,
    );
  });

  it('a 403 on leave is access denied, naming the channel (quirk 22)', () => {
    expect(() => parseLeave(ERRORS.forbidden))
      .to.throw(PubnubAccessDeniedError)
      .with.deep.property('channels', ['not_permitted_channel']);
  });
});
