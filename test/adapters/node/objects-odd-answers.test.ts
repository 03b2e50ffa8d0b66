/**
 * The App Context page walkers against an origin that misbehaves (docs/protocol.md §14.8): a `next` cursor handed
 * back unchanged, a non-empty `next` on an empty page, and a page of the wrong shape end the walk or fail it with a
 * typed error instead of looping or yielding garbage.
 */
import { Pubnub, PubnubAbortError, PubnubMalformedResponseError } from '@pubkit/node';
import { expect } from 'chai';
import { type BadResponder, startBadResponder } from './support/bad-responder.js';

const STAMP = { updated: '2026-01-01T00:00:00.000Z', eTag: 'E' };

describe('node client: App Context page walking against odd answers', () => {
  let origin: BadResponder | undefined;
  let client: Pubnub | undefined;
  afterEach(async () => {
    await client?.close();
    await origin?.close();
    client = origin = undefined;
  });

  async function walkAgainst(pages: (url: string) => unknown): Promise<{ ids: string[]; requests: readonly string[] }> {
    origin = await startBadResponder((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(pages(req.url ?? '')));
    });
    client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', uuid: 'walker', origin: origin.url });
    const ids: string[] = [];
    for await (const c of client.objects.iterateAllChannelMetadata({ limit: 2 })) ids.push(c.id);
    return { ids, requests: origin.requests };
  }

  it('a server that hands back the cursor it was asked with ends the walk (no endless loop)', async () => {
    const { ids, requests } = await walkAgainst((url) => ({
      status: 200,
      data: [{ id: url.includes('start=') ? 'again' : 'first', ...STAMP }],
      next: 'SAME',
    }));
    expect(ids).to.deep.equal(['first', 'again']);
    expect(requests).to.have.length(2);
    expect(requests[1]).to.contain('start=SAME');
  });

  it('an empty page ends the walk even with a next cursor', async () => {
    const { ids, requests } = await walkAgainst((url) =>
      url.includes('start=')
        ? { status: 200, data: [], next: 'MORE' }
        : { status: 200, data: [{ id: 'a', ...STAMP }], next: 'P2' },
    );
    expect(ids).to.deep.equal(['a']);
    expect(requests).to.have.length(2);
  });

  it('signal stops the walk: the next page is not fetched and the loop throws PubnubAbortError', async () => {
    origin = await startBadResponder((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ status: 200, data: [{ id: 'x', ...STAMP }], next: `N${Math.random()}` }));
    });
    client = new Pubnub({ publishKey: 'pub', subscribeKey: 'sub', uuid: 'walker', origin: origin.url });
    const stop = new AbortController();
    const ids: string[] = [];
    const err = await (async () => {
      for await (const c of client.objects.iterateAllChannelMetadata({ signal: stop.signal })) {
        ids.push(c.id);
        if (ids.length === 3) stop.abort();
      }
    })().then(
      () => expect.fail('expected an abort'),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PubnubAbortError);
    expect(ids).to.have.length(3);
    expect(origin.requests).to.have.length(3);
  });

  it('a page of the wrong shape fails the walk with PubnubMalformedResponseError', async () => {
    const err = await walkAgainst(() => ({ status: 200, data: [{ name: 'no id' }] })).then(
      () => expect.fail('expected a failure'),
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(PubnubMalformedResponseError);
  });
});
