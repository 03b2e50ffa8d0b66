/**
 * The framework-free pieces (error mapping, SSE framing and relay, the feed, the auth grant, the client shapes)
 * live as identical copies in @pubkit/express and @pubkit/koa, because adapters may not depend on each other.
 * Until they move to a shared package, this test keeps the copies from drifting apart.
 */
import { readFile } from 'node:fs/promises';
import { expect } from 'chai';

const SHARED = [
  'auth-grant.ts',
  'channel-feed.ts',
  'client.ts',
  'error-mapping.ts',
  'pubnub-feed.ts',
  'sse-frame.ts',
  'sse-relay.ts',
];

describe('koa: pieces shared with @pubkit/express', () => {
  for (const file of SHARED) {
    it(`src/${file} is identical in both adapters`, async () => {
      const express = await readFile(new URL(`../../../adapters/express/src/${file}`, import.meta.url), 'utf8');
      const koa = await readFile(new URL(`../../../adapters/koa/src/${file}`, import.meta.url), 'utf8');
      expect(koa, `adapters/koa/src/${file} drifted from adapters/express/src/${file}`).to.equal(express);
    });
  }
});
