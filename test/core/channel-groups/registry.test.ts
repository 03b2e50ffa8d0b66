/**
 * The channel-group registry's builders and parsers against PubNub's documented wire format (docs/protocol.md
 * §2.11): paths, `add=`/`remove=`, `/remove` for delete, the groups listing; limits and names refused before
 * sending; answers of the wrong shape are malformed.
 */
import {
  buildAddChannelsToGroup,
  buildDeleteGroup,
  buildListChannelsInGroup,
  buildListGroups,
  buildRemoveChannelsFromGroup,
  PubnubAccessDeniedError,
  PubnubMalformedResponseError,
  PubnubServiceError,
  PubnubValidationError,
  parseChannelGroupChange,
  parseListChannelsInGroup,
  parseListGroups,
} from '@pubkit/core';
import { expect } from 'chai';
import { authCtx, ctx, res, wire } from '../operations/helpers.js';

const REGISTRY = '/v1/channel-registration/sub-key/sub/channel-group';
const COMMON = 'uuid=user-1&pnsdk=PubKit-Node%2F0.1.0';

describe('core/channel-groups: registry', () => {
  describe('builders', () => {
    it('add: GET …/channel-group/{cg}?add=a,b', () => {
      const req = buildAddChannelsToGroup({ channelGroup: 'cg1', channels: ['a', 'b'] }, ctx);
      expect(req).to.include({ operation: 'addChannelsToGroup', method: 'GET' });
      expect(wire(req)).to.equal(`${REGISTRY}/cg1?add=a%2Cb&${COMMON}`);
    });

    it('remove: ?remove=…, from an array or the comma-separated string', () => {
      const fromString = buildRemoveChannelsFromGroup({ channelGroup: 'cg1', channels: 'a,b' }, ctx);
      expect(wire(fromString)).to.equal(`${REGISTRY}/cg1?remove=a%2Cb&${COMMON}`);
      expect(fromString.operation).to.equal('removeChannelsFromGroup');
    });

    it('list channels, delete (…/remove) and list groups; a namespaced group keeps its ":"', () => {
      expect(wire(buildListChannelsInGroup({ channelGroup: 'ns:cg' }, ctx))).to.equal(`${REGISTRY}/ns%3Acg?${COMMON}`);
      expect(wire(buildDeleteGroup({ channelGroup: 'cg1' }, ctx))).to.equal(`${REGISTRY}/cg1/remove?${COMMON}`);
      expect(wire(buildListGroups(ctx))).to.equal(`${REGISTRY}?${COMMON}`);
    });

    it('carries auth from the context', () => {
      expect(buildListGroups(authCtx).query.auth).to.equal('ak');
    });

    it('refuses bad names, no channels and more than 200 channels, before sending', () => {
      const channels = Array.from({ length: 201 }, (_, i) => `c${i}`);
      expect(() => buildAddChannelsToGroup({ channelGroup: 'g', channels }, ctx)).to.throw(
        PubnubValidationError,
        /200/,
      );
      expect(() =>
        buildAddChannelsToGroup({ channelGroup: 'g', channels: channels.slice(0, 200) }, ctx),
      ).to.not.throw();
      expect(() => buildAddChannelsToGroup({ channelGroup: 'g', channels: [] }, ctx)).to.throw(PubnubValidationError);
      expect(() => buildAddChannelsToGroup({ channelGroup: 'a,b', channels: ['c'] }, ctx)).to.throw(
        PubnubValidationError,
        /channelGroup/,
      );
      expect(() => buildListChannelsInGroup({ channelGroup: '' }, ctx)).to.throw(PubnubValidationError);
      expect(() => buildDeleteGroup({ channelGroup: 5 as never }, ctx)).to.throw(PubnubValidationError, /channelGroup/);
      expect(() => buildRemoveChannelsFromGroup({ channelGroup: 'g', channels: ['a/b'] }, ctx)).to.throw(
        PubnubValidationError,
      );
    });
  });

  describe('parsers', () => {
    const OK = '{"status":200,"message":"OK","service":"channel-registry","error":false}';

    it('a change answers {}', () => {
      expect(parseChannelGroupChange(res(OK))).to.deep.equal({});
    });

    it('list channels and list groups read their payloads', () => {
      const channels =
        '{"status":200,"payload":{"channels":["a","b"],"group":"cg1"},"service":"channel-registry","error":false}';
      expect(parseListChannelsInGroup(res(channels))).to.deep.equal({ channels: ['a', 'b'] });
      const groups =
        '{"status":200,"payload":{"groups":["cg1","cg2"],"sub_key":"sub"},"service":"channel-registry","error":false}';
      expect(parseListGroups(res(groups))).to.deep.equal({ groups: ['cg1', 'cg2'] });
    });

    it('wrong shapes are malformed', () => {
      for (const body of [OK, '{"payload":{}}', '{"payload":{"channels":"a"}}', '[]']) {
        expect(() => parseListChannelsInGroup(res(body)), body).to.throw(PubnubMalformedResponseError);
      }
      expect(() => parseListGroups(res('{"payload":{"groups":[1]}}'))).to.throw(PubnubMalformedResponseError);
      expect(() => parseChannelGroupChange(res('[1]'))).to.throw(PubnubMalformedResponseError);
    });

    it('400 and 403 answers are service errors', () => {
      const bad = '{"status":400,"message":"Invalid Arguments","service":"channel-registry","error":true}';
      expect(() => parseChannelGroupChange(res(bad, 400), 'addChannelsToGroup')).to.throw(
        PubnubServiceError,
        /Invalid/,
      );
      const denied =
        '{"status":403,"message":"Forbidden","payload":{"channel-groups":["cg1"]},"service":"Access Manager","error":true}';
      expect(() => parseListGroups(res(denied, 403))).to.throw(PubnubAccessDeniedError);
    });
  });
});
