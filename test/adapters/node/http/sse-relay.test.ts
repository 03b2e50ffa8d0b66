/**
 * The SSE relay against a scripted feed: ordering on resume, de-duplication, heartbeat, failure events and
 * clean-up. No HTTP here: the routes' tests drive the same relay through real servers.
 */

import { PubnubAccessDeniedError, PubnubNetworkError } from '@pubkit/core';
import type { ChannelFeed, FeedEvent, FeedListener, SseSink, StoredEvents } from '@pubkit/node/http';
import { startSseRelay } from '@pubkit/node/http';
import { expect } from 'chai';
import sinon from 'sinon';

class ScriptedFeed implements ChannelFeed {
  listener: FeedListener | undefined;
  released = 0;
  stored: FeedEvent[] = [];
  historyGate: Promise<void> = Promise.resolve();
  historyFails: Error | undefined;

  releaseThrows = false;

  listen(_channels: readonly string[], listener: FeedListener): () => void {
    this.listener = listener;
    return () => {
      this.released += 1;
      if (this.releaseThrows) throw new Error('release blew up');
    };
  }

  async since(channel: string, after: string, limit: number): Promise<StoredEvents> {
    await this.historyGate;
    if (this.historyFails !== undefined) throw this.historyFails;
    const all = this.stored.filter((e) => e.channel === channel && BigInt(e.timetoken) > BigInt(after));
    return { events: all.slice(-limit), more: all.length > limit };
  }
}

class MemorySink implements SseSink {
  chunks: string[] = [];
  ended = false;
  writableLength = 0;
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  end(): void {
    this.ended = true;
  }
  /** The `(event, id)` pairs written so far. */
  events(): Array<[string, string | undefined]> {
    return this.chunks
      .filter((c) => c.startsWith('event:'))
      .map((c) => [/^event: (.*)$/m.exec(c)?.[1] ?? '', /^id: (.*)$/m.exec(c)?.[1]]);
  }
}

function message(channel: string, timetoken: string): FeedEvent {
  return { kind: 'message', channel, timetoken, data: { channel, message: `m${timetoken}`, timetoken } };
}

describe('node/http: startSseRelay', () => {
  it('opens with a comment and forwards live events with the timetoken as id', () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    const relay = startSseRelay({ feed, channels: ['a'], sink });
    feed.listener?.event(message('a', '17000000000000001'));
    feed.listener?.event({ kind: 'presence', channel: 'a', timetoken: '17000000000000002', data: { action: 'join' } });
    relay.close();
    expect(sink.chunks[0]).to.equal(': connected\n\n');
    expect(sink.chunks[1]).to.equal(
      'event: message\nid: 17000000000000001\ndata: {"channel":"a","message":"m17000000000000001","timetoken":"17000000000000001"}\n\n',
    );
    expect(sink.events()[1]).to.deep.equal(['presence', '17000000000000002']);
  });

  it('on resume sends stored messages oldest first, then the live ones held meanwhile, each once', async () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    let openGate = (): void => undefined;
    feed.historyGate = new Promise((resolve) => {
      openGate = resolve;
    });
    feed.stored = [message('b', '15'), message('a', '12'), message('a', '10'), message('a', '14')];
    const relay = startSseRelay({ feed, channels: ['a', 'b'], sink, lastEventId: '11' });
    // Live events during the history fetch: one is also in history (14), one is new (16).
    feed.listener?.event(message('a', '14'));
    feed.listener?.event(message('a', '16'));
    expect(sink.events()).to.deep.equal([]);
    openGate();
    await relay.replayed;
    feed.listener?.event(message('a', '13'));
    relay.close();
    expect(sink.events().map(([, id]) => id)).to.deep.equal(['12', '14', '15', '16']);
  });

  it('bounds a resume to the newest maxResume messages over all channels, and says so with event: gap', async () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    feed.stored = [10, 11, 12, 13, 14, 15].map((n) => message(n % 2 === 0 ? 'a' : 'b', String(n)));
    const relay = startSseRelay({ feed, channels: ['a', 'b'], sink, lastEventId: '1', maxResume: 3 });
    await relay.replayed;
    relay.close();
    expect(sink.events()).to.deep.equal([
      ['gap', undefined],
      ['message', '13'],
      ['message', '14'],
      ['message', '15'],
    ]);
    expect(sink.chunks.find((c) => c.startsWith('event: gap'))).to.contain('"reason":"resume-limit"');
  });

  it('bounds a resume by bytes too, keeping the newest that fit', async () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    const big = (tt: string): FeedEvent => ({
      kind: 'message',
      channel: 'a',
      timetoken: tt,
      data: { channel: 'a', message: 'x'.repeat(1000), timetoken: tt },
    });
    feed.stored = ['10', '11', '12', '13'].map(big);
    const relay = startSseRelay({ feed, channels: ['a'], sink, lastEventId: '1', maxResumeBytes: 2500 });
    await relay.replayed;
    relay.close();
    expect(sink.events().map(([, id]) => id)).to.deep.equal([undefined, '12', '13']);
  });

  it('sends no gap when the resume fits', async () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    feed.stored = [message('a', '12')];
    const relay = startSseRelay({ feed, channels: ['a'], sink, lastEventId: '11', maxResume: 1 });
    await relay.replayed;
    relay.close();
    expect(sink.events()).to.deep.equal([['message', '12']]);
  });

  it('close() never throws, even when releasing the feed throws (it runs in a close handler)', () => {
    const feed = new ScriptedFeed();
    feed.releaseThrows = true;
    const sink = new MemorySink();
    const relay = startSseRelay({ feed, channels: ['a'], sink });
    expect(() => relay.close()).not.to.throw();
    expect(sink.ended).to.equal(true);
    expect(feed.released).to.equal(1);
  });

  it('ignores a Last-Event-ID that is not a timetoken', async () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    feed.stored = [message('a', '12')];
    const relay = startSseRelay({ feed, channels: ['a'], sink, lastEventId: 'x<script>' });
    await relay.replayed;
    feed.listener?.event(message('a', '13'));
    relay.close();
    expect(sink.events().map(([, id]) => id)).to.deep.equal(['13']);
  });

  it('sends a comment heartbeat every heartbeatMs, and close() clears it and releases the feed once', () => {
    const clock = sinon.useFakeTimers();
    try {
      const feed = new ScriptedFeed();
      const sink = new MemorySink();
      const relay = startSseRelay({ feed, channels: ['a'], sink, heartbeatMs: 15_000 });
      clock.tick(45_000);
      expect(sink.chunks.filter((c) => c === ': heartbeat\n\n')).to.have.length(3);
      relay.close();
      relay.close();
      expect(clock.countTimers()).to.equal(0);
      expect(feed.released).to.equal(1);
      expect(sink.ended).to.equal(true);
      clock.tick(60_000);
      expect(sink.chunks.filter((c) => c === ': heartbeat\n\n')).to.have.length(3);
    } finally {
      clock.restore();
    }
  });

  it('reports an upstream failure as event: failure without an id, and closes on access denied', () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    startSseRelay({ feed, channels: ['a'], sink });
    feed.listener?.error(new PubnubNetworkError('reset'));
    expect(sink.ended).to.equal(false);
    feed.listener?.error(new PubnubAccessDeniedError('Forbidden', { status: 403, body: '{}' }, { channels: ['a'] }));
    expect(sink.events()).to.deep.equal([
      ['failure', undefined],
      ['failure', undefined],
    ]);
    expect(sink.chunks.at(-1)).to.contain('"code":"PN_ACCESS_DENIED"');
    expect(sink.ended).to.equal(true);
    expect(feed.released).to.equal(1);
  });

  it('keeps streaming live events when the resume history fails', async () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    feed.historyFails = new PubnubNetworkError('down');
    const relay = startSseRelay({ feed, channels: ['a'], sink, lastEventId: '5' });
    feed.listener?.event(message('a', '7'));
    await relay.replayed;
    relay.close();
    expect(sink.events()).to.deep.equal([
      ['failure', undefined],
      ['message', '7'],
    ]);
  });

  it('cuts off a browser that reads too slowly', () => {
    const feed = new ScriptedFeed();
    const sink = new MemorySink();
    startSseRelay({ feed, channels: ['a'], sink, maxBufferedBytes: 100 });
    sink.writableLength = 101;
    feed.listener?.event(message('a', '1'));
    expect(sink.ended).to.equal(true);
    expect(feed.released).to.equal(1);
    feed.listener?.event(message('a', '2'));
    expect(sink.events()).to.have.length(1);
  });
});
