/**
 * Gap backfill end to end (docs/architecture.md §4): the real local server in-process, a client whose link goes through a TCP
 * gate that can refuse, and one injected clock shared by server and client, so a 16-minute outage takes no time.
 *
 * The scenario: subscribe, receive live messages, cut the link (the gate refuses every connection), publish 150
 * messages straight to the server, move both clocks past the 15-minute catch-up window (the server's catch-up
 * queue, `queueTtlMs` 1 min, then drops them; history keeps them), publish 5 more (still in the catch-up queue),
 * restore the link. The reconnect's first batch brings the 5 young ones and the loop reports `gap`. With
 * `backfill`, the handle must see every message exactly once and in order (the 5 young ones come both live and
 * from history); without it, `gap` is reported and history is never asked.
 */
import { nodeEnv, Pubnub, type PubnubError, type SubscribeOptions, type SubscribeStatus } from '@pubkit/node';
import { expect } from 'chai';
import { channelName, OPEN_KEYSET, until, useHarness } from './support/server.js';
import { startTcpProxy } from './support/tcp-proxy.js';

/** A wall clock that tests can move forward; shared by the server and the subscribing client. */
class JumpClock {
  #offsetMs = 0;
  nowMs(): number {
    return Date.now() + this.#offsetMs;
  }
  advance(ms: number): void {
    this.#offsetMs += ms;
  }
}

/** The proxy in front of the server: forwards, refuses on demand, counts and optionally breaks history requests. */
interface Gate {
  readonly url: string;
  /** History requests seen (`/v2/history/…` or `/v3/history/…`). */
  readonly historyRequests: number;
  /** Group list calls seen (`GET /v1/channel-registration/…/channel-group/<group>`). */
  readonly listRequests: number;
  /** true: cut every open connection and refuse new ones; false: forward again. */
  refuse(on: boolean): void;
  /** Cut any connection that carries a history request (the fetch fails with a network error). */
  breakHistory: boolean;
  close(): Promise<void>;
}

async function startGate(targetUrl: string, breakList: boolean): Promise<Gate> {
  let historyRequests = 0;
  let listRequests = 0;
  const proxy = await startTcpProxy(targetUrl, {
    inspect(chunk) {
      const head = chunk.toString('latin1');
      if (/^GET \/v1\/channel-registration\/[^ ]*\/channel-group\/[^/ ?]+[ ?]/.test(head)) {
        listRequests += 1;
        return !breakList;
      }
      if (!/\/v[23]\/history\//.test(head)) return true;
      historyRequests += 1;
      return !gate.breakHistory;
    },
  });
  const gate: Gate = {
    url: proxy.url,
    breakHistory: false,
    get historyRequests() {
      return historyRequests;
    },
    get listRequests() {
      return listRequests;
    },
    refuse: (on) => proxy.refuse(on),
    close: () => proxy.close(),
  };
  return gate;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, i) => from + i);

describe('node client: gap backfill (real server, injected clock)', () => {
  const clock = new JumpClock();
  // The catch-up queue forgets after 1 minute of (injected) time; history keeps 1,000 per channel.
  const h = useHarness({ clock, queueTtlMs: 60_000 });

  /** Runs the outage scenario; returns what the handle saw. */
  async function outage(
    options: {
      backfill?: boolean | { maxMessages: number };
      breakHistory?: boolean;
      /** Subscribe through a group holding the channel (and `other`, a quiet member) instead of the channel. */
      group?: boolean;
      /** Cut any connection that carries the group's list call (`/channel-registration/…`). */
      breakList?: boolean;
    } = {},
  ) {
    const gate = await startGate(h().url, options.breakList ?? false);
    const subscriber = new Pubnub(
      {
        publishKey: OPEN_KEYSET.publishKey,
        subscribeKey: OPEN_KEYSET.subscribeKey,
        origin: gate.url,
        retry: { baseDelayMs: 20, maxDelayMs: 100, jitterMs: 10 },
      },
      { ...nodeEnv(), clock },
    );
    const publisher = h().client();
    const ch = channelName('gap');
    const group = channelName('gapgroup');
    if (options.group === true) {
      await publisher.channelGroups.addChannels({ channelGroup: group, channels: [ch, channelName('quiet')] });
    }
    const got: number[] = [];
    const subscriptions = new Set<string>();
    const statuses: SubscribeStatus[] = [];
    const errors: PubnubError[] = [];
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      gate.breakHistory = options.breakHistory ?? false;
      const callbacks: SubscribeOptions = {
        ...(options.backfill === undefined ? {} : { backfill: options.backfill }),
        callback: (m, _channel, envelope) => {
          got.push(m as number);
          subscriptions.add(envelope.subscription);
        },
        status: (s) => statuses.push(s),
        error: (e) => errors.push(e),
      };
      // The object form takes its options inline (a second argument is not read there).
      if (options.group === true) subscriber.subscribe({ channelGroups: [group], ...callbacks });
      else subscriber.subscribe(ch, callbacks);
      await until(() => statuses.some((s) => s.category === 'connected'), 'connected');
      for (const i of range(0, 3)) await publisher.publish(ch, i);
      await until(() => got.length === 3, 'the first live messages');

      gate.refuse(true);
      await until(() => statuses.some((s) => s.category === 'disconnected'), 'disconnected');
      await Promise.all(range(3, 153).map((i) => publisher.publish(ch, i)));
      clock.advance(16 * 60 * 1000);
      await Promise.all(range(153, 158).map((i) => publisher.publish(ch, i)));
      gate.refuse(false);

      await until(() => statuses.some((s) => s.category === 'gap'), 'gap');
      // Wait until the young ones are in (held and released, for backfill), then more live traffic.
      await until(() => got.includes(157), 'the catch-up batch', 10_000);
      for (const i of range(158, 161)) await publisher.publish(ch, i);
      await until(() => got.includes(160), 'live messages after the gap', 10_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const { historyRequests, listRequests } = gate;
      return { got, statuses, errors, rejections, historyRequests, listRequests, subscriptions, group };
    } finally {
      process.off('unhandledRejection', onRejection);
      await subscriber.close();
      await gate.close();
    }
  }

  it('backfill: true → every message exactly once and in order; gap observed; history paged (count ≤ 100)', async function () {
    this.timeout(30_000);
    const r = await outage({ backfill: true });
    expect(r.got).to.deep.equal(range(0, 161));
    const gap = r.statuses.find((s) => s.category === 'gap');
    expect(gap).to.include({ category: 'gap' });
    expect(gap && 'outageMs' in gap ? gap.outageMs : 0).to.be.greaterThan(15 * 60 * 1000);
    // (from, to] holds 155 messages: two pages (100 + 55).
    expect(r.historyRequests).to.equal(2);
    expect(r.errors).to.deep.equal([]);
    expect(r.rejections).to.deep.equal([]);
  });

  it('without opt-in → gap reported, history never asked, the skipped messages stay skipped', async function () {
    this.timeout(30_000);
    const r = await outage();
    expect(r.statuses.map((s) => s.category)).to.include('gap');
    expect(r.historyRequests).to.equal(0);
    expect(r.got).to.deep.equal([...range(0, 3), ...range(153, 161)]);
  });

  it('backfill { maxMessages: 40 } → only the newest 40 of the gap, next to the live stream, still once and in order', async function () {
    this.timeout(30_000);
    const r = await outage({ backfill: { maxMessages: 40 } });
    expect(r.got).to.deep.equal([...range(0, 3), ...range(118, 161)]);
    expect(r.historyRequests).to.equal(1);
  });

  it('a failed backfill goes to error (no unhandled rejection) and the live stream goes on in order', async function () {
    this.timeout(30_000);
    const r = await outage({ backfill: true, breakHistory: true });
    expect(r.errors).to.have.length(1);
    expect(r.errors[0]?.code).to.equal('PN_NETWORK');
    expect(r.rejections).to.deep.equal([]);
    expect(r.got).to.deep.equal([...range(0, 3), ...range(153, 161)]);
  });

  it('a group member: backfill lists the group at gap time and delivers each missed message once, subscription = the group', async function () {
    this.timeout(30_000);
    const r = await outage({ backfill: true, group: true });
    expect(r.got).to.deep.equal(range(0, 161));
    expect(r.statuses.map((s) => s.category)).to.include('gap');
    expect([...r.subscriptions]).to.deep.equal([r.group]);
    // One list call; the member with traffic is paged twice (100 + 55), the quiet member once.
    expect(r.listRequests).to.equal(1);
    expect(r.historyRequests).to.equal(3);
    expect(r.errors).to.deep.equal([]);
    expect(r.rejections).to.deep.equal([]);
  });

  it('a group whose list call fails: one error, no retry, no history asked, the live stream goes on', async function () {
    this.timeout(30_000);
    const r = await outage({ backfill: true, group: true, breakList: true });
    expect(r.errors).to.have.length(1);
    expect(r.errors[0]?.code).to.equal('PN_NETWORK');
    expect(r.listRequests).to.equal(1);
    expect(r.historyRequests).to.equal(0);
    expect(r.rejections).to.deep.equal([]);
    expect(r.got).to.deep.equal([...range(0, 3), ...range(153, 161)]);
  });
});
