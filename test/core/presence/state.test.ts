import { buildGetState, buildSetState, PubnubValidationError, parseGetState, parseSetState } from '@pubkit/core';
import { expect } from 'chai';
import { ctx, expectTrace, res } from './fixtures.js';

// Recorded bodies, verbatim (docs/protocol.md §2.8, python `fixtures/tornado/state/single_channel.yaml`).
const SET_BODY = '{"status": 200, "message": "OK", "payload": {"count": 5, "name": "Alex"}, "service": "Presence"}';
const GET_BODY =
  '{"status": 200, "uuid": "state-tornado-uuid", "service": "Presence", "message": "OK", "payload": {"count": 5, "name": "Alex"}, "channel": "state-tornado-ch"}';

describe('core/presence: state', () => {
  describe('build', () => {
    it('setState matches the captured trace: state JSON in the query (docs/protocol.md §9.1)', () => {
      const req = buildSetState({ channels: 'ch1', state: { a: 1 } }, ctx);
      expect(req.operation).to.equal('setState');
      expectTrace(req, '/v2/presence/sub-key/sub/channel/ch1/uuid/user-1/data?state=%7B%22a%22%3A1%7D&…');
    });

    it('getState matches the captured trace (docs/protocol.md §9.1)', () => {
      const req = buildGetState({ channels: 'ch1' }, ctx);
      expect(req.operation).to.equal('getState');
      expectTrace(req, '/v2/presence/sub-key/sub/channel/ch1/uuid/user-1?…');
    });

    it('getState for another uuid, several channels and a group', () => {
      const req = buildGetState({ channels: ['ch1', 'ch2'], channelGroups: 'cg1', uuid: 'other' }, ctx);
      expect(req.path).to.equal('/v2/presence/sub-key/sub/channel/ch1,ch2/uuid/other');
      expect(req.query['channel-group']).to.equal('cg1');
    });

    it('groups only use the `,` placeholder', () => {
      const req = buildSetState({ channels: [], channelGroups: ['ns:cg'], state: {} }, ctx);
      expect(req.path).to.equal('/v2/presence/sub-key/sub/channel/,/uuid/user-1/data');
      expect(req.query).to.include({ state: '{}', 'channel-group': 'ns:cg' });
    });

    it('rejects no target, a non-object state, and a state that is not JSON', () => {
      expect(() => buildGetState({ channels: [] }, ctx)).to.throw(PubnubValidationError, /at least one/);
      const notObject = [1] as unknown as Record<string, unknown>;
      expect(() => buildSetState({ channels: 'ch1', state: notObject }, ctx)).to.throw(/state must be a JSON object/);
      expect(() => buildSetState({ channels: 'ch1', state: { n: 1n } }, ctx)).to.throw(PubnubValidationError, /BigInt/);
    });
  });

  describe('parse', () => {
    it('getState, one channel: the payload is the state (recorded body)', () => {
      const result = parseGetState(res(GET_BODY), { channels: 'state-tornado-ch' });
      expect(result.payload).to.deep.equal({ count: 5, name: 'Alex' });
      expect(result.channels).to.deep.equal({ 'state-tornado-ch': { count: 5, name: 'Alex' } });
    });

    it('getState, one channel, no params: the body names the channel', () => {
      expect(parseGetState(res(GET_BODY)).channels).to.deep.equal({ 'state-tornado-ch': { count: 5, name: 'Alex' } });
    });

    it('getState, several channels: payload is a per-channel map (plain or wrapped in `channels`)', () => {
      const plain =
        '{"status": 200, "message": "OK", "payload": {"ch1": {"a": 1}, "ch2": {"b": 2}}, "service": "Presence"}';
      const params = { channels: ['ch1', 'ch2'] };
      expect(parseGetState(res(plain), params).channels).to.deep.equal({ ch1: { a: 1 }, ch2: { b: 2 } });
      const wrapped =
        '{"status": 200, "message": "OK", "payload": {"channels": {"ch1": {"a": 1}}}, "service": "Presence"}';
      expect(parseGetState(res(wrapped), params).channels).to.deep.equal({ ch1: { a: 1 } });
    });

    it('setState: the payload is the state now held (recorded body)', () => {
      const result = parseSetState(res(SET_BODY), { channels: 'state-tornado-ch' });
      expect(result.payload).to.deep.equal({ count: 5, name: 'Alex' });
      expect(result.channels).to.deep.equal({ 'state-tornado-ch': { count: 5, name: 'Alex' } });
    });

    it('setState on several channels maps each to the state', () => {
      const result = parseSetState(res(SET_BODY), { channels: ['a', 'b'] });
      expect(Object.keys(result.channels)).to.deep.equal(['a', 'b']);
    });

    it('getState without payload is malformed', () => {
      expect(() => parseGetState(res('{"status": 200, "message": "OK"}'))).to.throw(/payload/);
    });
  });
});
