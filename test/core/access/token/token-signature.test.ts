import {
  base64UrlDecode,
  base64UrlEncode,
  issueToken,
  parseToken,
  type TokenContent,
  tokenAllows,
  tokenRules,
  verifyToken,
} from '@pubkit/core/internal';
import { expect } from 'chai';
import { nodeCrypto } from '../../support/fixed-env.js';

const keys = { subscribeKey: 'sub-a', secretKey: 'secret' };
const content: TokenContent = {
  ttl: 10,
  authorizedUuid: 'alice',
  resources: {
    channels: new Map([['room-1', 3]]),
    groups: new Map([['g', 1]]),
    uuids: new Map(),
  },
  patterns: { channels: new Map([['^public\\.', 1]]), groups: new Map(), uuids: new Map() },
  meta: { plan: 'pro', n: 2 },
};

describe('core/access/token: issue, verify and check', () => {
  it('issues a token that parses back to what was granted, PubNub layout (byte-string keys)', () => {
    const token = issueToken(content, keys, 1_800_000_000, nodeCrypto);
    const bytes = base64UrlDecode(token);
    expect(bytes[0]).to.equal(0xa8); // a map of eight entries: v t ttl res pat meta uuid sig
    expect([bytes[1], bytes[2]]).to.deep.equal([0x41, 0x76]); // the byte string "v"
    const parsed = parseToken(token);
    expect(parsed).to.deep.include({ version: 2, timestamp: 1_800_000_000, ttl: 10, authorizedUuid: 'alice' });
    expect(parsed.meta).to.deep.equal({ plan: 'pro', n: 2 });
    expect(parsed.resources?.channels?.['room-1']).to.include({ read: true, write: true, manage: false });
    expect(parsed.resources).to.not.have.property('uuids');
  });

  it('verifies its own tokens and refuses another key, another subkey, and any changed byte', () => {
    const token = issueToken(content, keys, 1_800_000_000, nodeCrypto);
    const ok = verifyToken(token, keys, nodeCrypto);
    expect(ok.ok).to.equal(true);
    expect(ok.ok && ok.expiresAtSec).to.equal(1_800_000_600);
    expect(verifyToken(token, { ...keys, secretKey: 'other' }, nodeCrypto)).to.deep.equal({
      ok: false,
      reason: 'signature',
    });
    expect(verifyToken(token, { ...keys, subscribeKey: 'sub-b' }, nodeCrypto)).to.deep.include({ ok: false });
    const bytes = base64UrlDecode(token);
    let refused = 0;
    for (let i = 0; i < bytes.length; i++) {
      const copy = bytes.slice();
      copy[i] = copy[i]! ^ 0x01;
      if (!verifyToken(base64UrlEncode(copy), keys, nodeCrypto).ok) refused++;
    }
    expect(refused).to.equal(bytes.length);
    expect(verifyToken('garbage!', keys, nodeCrypto)).to.deep.equal({ ok: false, reason: 'malformed' });
  });

  it('tokenAllows: named resources by bit, patterns by regular expression, nothing else', () => {
    const rules = tokenRules({ version: 2, timestamp: 0, ...content });
    expect(tokenAllows(rules, 'channels', 'room-1', 'write')).to.equal(true);
    expect(tokenAllows(rules, 'channels', 'room-1', 'manage')).to.equal(false);
    expect(tokenAllows(rules, 'channels', 'room-2', 'read')).to.equal(false);
    expect(tokenAllows(rules, 'channels', 'public.lobby', 'read')).to.equal(true);
    expect(tokenAllows(rules, 'channels', 'public.lobby', 'write')).to.equal(false);
    expect(tokenAllows(rules, 'groups', 'g', 'read')).to.equal(true);
    expect(tokenAllows(rules, 'groups', 'room-1', 'read')).to.equal(false);
  });
});
