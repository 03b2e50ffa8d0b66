import { buildHeartbeat, encodeQuery, PubnubValidationError, parseHeartbeat } from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, expectTrace, res } from './fixtures.js';

describe('core/presence: heartbeat', () => {
  it('matches the captured heartbeat trace (docs/protocol.md §9.1, presenceTimeout 10, empty state)', () => {
    const req = buildHeartbeat(
      {
        channels: ['ch1', 'ch1-pnpres', 'ch2', 'ch2-pnpres'],
        channelGroups: ['cg1', 'cg1-pnpres'],
        heartbeat: 10,
        state: {},
      },
      ctx,
    );
    expect(req?.operation).to.equal('heartbeat');
    expectTrace(
      req!,
      '/v2/presence/sub-key/sub/channel/ch1,ch2/heartbeat?heartbeat=10&channel-group=cg1&state=%7B%7D&…',
    );
    expect(encodeQuery(req!.query)).to.match(/^heartbeat=10&channel-group=cg1&state=%7B%7D&uuid=user-1&pnsdk=/);
  });

  it('matches the event-engine trace with an auth key (docs/protocol.md §9.1)', () => {
    const req = buildHeartbeat({ channels: 'ch1', heartbeat: 300 }, authCtx);
    expectTrace(req!, '/v2/presence/sub-key/sub/channel/ch1/heartbeat?heartbeat=300&…&auth=ak');
  });

  it('sends state JSON only when given', () => {
    expect(buildHeartbeat({ channels: 'ch1', heartbeat: 10 }, ctx)?.query).to.not.have.property('state');
    const req = buildHeartbeat({ channels: ['ch1'], heartbeat: 10, state: { ch1: { s: 1 } } }, ctx);
    expect(req?.query.state).to.equal('{"ch1":{"s":1}}');
  });

  it('returns undefined when only presence channels remain', () => {
    expect(buildHeartbeat({ channels: ['ch1-pnpres'], heartbeat: 10 }, ctx)).to.equal(undefined);
  });

  it('rejects a heartbeat outside 1..320 and a fractional one', () => {
    for (const heartbeat of [0, 321, 2.5, Number.NaN]) {
      expect(() => buildHeartbeat({ channels: 'ch1', heartbeat }, ctx)).to.throw(PubnubValidationError, /heartbeat/);
    }
  });

  it('parses the recorded body (docs/protocol.md §2.9)', () => {
    expect(parseHeartbeat(res('{"status": 200, "message": "OK", "service": "Presence"}'))).to.equal(undefined);
  });
});
