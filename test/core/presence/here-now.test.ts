import { buildHereNow, encodeQuery, PubnubValidationError, parseHereNow } from '@pubkit/core';
import { expect } from 'chai';
import { ctx, expectTrace, res } from './fixtures.js';

// Recorded bodies, verbatim (docs/protocol.md §2.6).
const SINGLE =
  '{"status": 200, "message": "OK", "service": "Presence", "uuids": ["test-here-now-uuid"], "occupancy": 1}';
const MULTIPLE =
  '{"status": 200, "message": "OK", "payload": {"channels": {"test-here-now-channel1": {"uuids": ["test-here-now-uuid"], "occupancy": 1}, "test-here-now-channel2": {"uuids": ["test-here-now-uuid"], "occupancy": 1}}, "total_channels": 2, "total_occupancy": 2}, "service": "Presence"}';
const DISABLED_SINGLE = '{"status": 200, "message": "OK", "occupancy": 1, "service": "Presence"}';

describe('core/presence: here_now', () => {
  describe('buildHereNow', () => {
    it('matches the captured hereNow includeState trace (docs/protocol.md §9.1)', () => {
      const req = buildHereNow({ channels: 'ch1', includeState: true }, ctx);
      expect(req.operation).to.equal('hereNow');
      expectTrace(
        req,
        '/v2/presence/sub-key/sub/channel/ch1?limit=1000&state=1&uuid=user-1&pnsdk=PubNub-JS-Nodejs%2F10.2.9',
      );
      expect(req.timeoutMs).to.equal(15000);
    });

    it('joins several channels with a raw comma in the path', () => {
      const req = buildHereNow({ channels: ['ch1', 'ch2'] }, ctx);
      expect(req.path).to.equal('/v2/presence/sub-key/sub/channel/ch1,ch2');
    });

    it('uses the global form without channels or groups, and no limit', () => {
      const req = buildHereNow({}, ctx);
      expect(req.path).to.equal('/v2/presence/sub-key/sub');
      expect(req.query).to.deep.equal({ uuid: 'user-1', pnsdk: 'PubNub-JS-Nodejs/10.2.9' });
    });

    it('groups only: the `,` placeholder plus channel-group and disable_uuids (docs/protocol.md §9.3)', () => {
      const req = buildHereNow({ channelGroups: ['cg1'], includeUuids: false }, ctx);
      expect(req.path).to.equal('/v2/presence/sub-key/sub/channel/,');
      expect(req.query).to.include({ disable_uuids: '1', 'channel-group': 'cg1' });
      expect(encodeQuery(req.query)).to.contain('channel-group=cg1');
    });

    it('sends auth from the context when set', () => {
      expect(buildHereNow({ channels: 'ch1' }, { ...ctx, authKey: 'ak' }).query.auth).to.equal('ak');
    });

    it('encodes channel names strictly', () => {
      expect(buildHereNow({ channels: ["it's"] }, ctx).path).to.equal('/v2/presence/sub-key/sub/channel/it%27s');
    });

    it('rejects invalid names before sending', () => {
      expect(() => buildHereNow({ channels: ['a b'] }, ctx)).to.throw(PubnubValidationError, /channels/);
      expect(() => buildHereNow({ channelGroups: ['a/b'] }, ctx)).to.throw(PubnubValidationError, /channelGroups/);
    });
  });

  describe('parseHereNow', () => {
    it('reads the flat one-channel form and keeps the seed value', () => {
      const result = parseHereNow(res(SINGLE), { channels: 'ch1' });
      expect(result.occupancy).to.equal(1);
      expect(result.uuids).to.deep.equal(['test-here-now-uuid']);
      expect(result.channels).to.deep.equal({ ch1: { occupancy: 1, uuids: [{ uuid: 'test-here-now-uuid' }] } });
      expect(result.totalChannels).to.equal(1);
      expect(result.totalOccupancy).to.equal(1);
    });

    it('without the request params the flat form still yields the seed value', () => {
      const result = parseHereNow(res(SINGLE));
      expect(result.channels).to.deep.equal({});
      expect(result).to.include({ occupancy: 1, totalOccupancy: 1 });
    });

    it('reads the multiple-channel form', () => {
      const result = parseHereNow(res(MULTIPLE), { channels: ['test-here-now-channel1', 'test-here-now-channel2'] });
      expect(result.totalChannels).to.equal(2);
      expect(result.totalOccupancy).to.equal(2);
      expect(result.occupancy).to.equal(2);
      expect(result.channels['test-here-now-channel2']).to.deep.equal({
        occupancy: 1,
        uuids: [{ uuid: 'test-here-now-uuid' }],
      });
      expect(result.uuids).to.deep.equal(['test-here-now-uuid']);
    });

    it('reads the global form (same shape as multiple)', () => {
      const result = parseHereNow(res(MULTIPLE));
      expect(Object.keys(result.channels)).to.deep.equal(['test-here-now-channel1', 'test-here-now-channel2']);
    });

    it('state=1: uuids become objects, state kept when present', () => {
      const body =
        '{"status": 200, "message": "OK", "service": "Presence", "uuids": [{"uuid":"user1","state":{"age":30}},{"uuid":"user2"}], "occupancy": 2}';
      const result = parseHereNow(res(body), { channels: ['ch1'] });
      expect(result.uuids).to.deep.equal([{ uuid: 'user1', state: { age: 30 } }, { uuid: 'user2' }]);
      expect(result.channels.ch1?.uuids).to.deep.equal([{ uuid: 'user1', state: { age: 30 } }, { uuid: 'user2' }]);
    });

    it('disable_uuids=1: no uuids key, single and multiple', () => {
      const single = parseHereNow(res(DISABLED_SINGLE), { channels: 'ch10' });
      expect(single.channels).to.deep.equal({ ch10: { occupancy: 1, uuids: [] } });
      expect(single.uuids).to.deep.equal([]);
      const multi = parseHereNow(
        res(
          '{"status": 200, "message": "OK", "payload": {"channels": {"ch10": {"occupancy": 1}, "ch20": {"occupancy": 3}}, "total_channels": 2, "total_occupancy": 4}, "service": "Presence"}',
        ),
      );
      expect(multi.channels).to.deep.equal({ ch10: { occupancy: 1, uuids: [] }, ch20: { occupancy: 3, uuids: [] } });
      expect(multi.totalOccupancy).to.equal(4);
    });

    it('rejects a body of another shape as malformed', () => {
      expect(() => parseHereNow(res('{"status": 200, "message": "OK"}'))).to.throw(/hereNow: expected/);
      expect(() => parseHereNow(res('{"occupancy": 1, "uuids": "x"}'))).to.throw(/uuids/);
      expect(() => parseHereNow(res('[1,2]'))).to.throw(/JSON object/);
    });

    it('reports the recorded "more than 1000 uuids" error', () => {
      const body =
        '{"status":400,"error":1,"message":"Cannot return more than 1000 uuids at a time","service":"Presence"}';
      expect(() => parseHereNow(res(body, 400)))
        .to.throw(/Cannot return more than 1000 uuids/)
        .with.property('code', 'PN_SERVICE');
    });
  });
});
