/**
 * The classic JS SDK 3.16.5, unmodified, with `cipher_key`, against the real `@pubkit/server`, and pubkit's client
 * with the same `cipherKey` (legacy static IV, its default): each decrypts what the other published, live and from
 * history; the stored value is the docs/protocol.md §7.4 ciphertext (vector C1), so both really encrypt on the wire.
 * docs/protocol.md §7.1, §12 quirks 12–14.
 */
import { expect } from 'chai';
import { Feed } from './feed.js';
import { channelName, type Rig, startRig } from './rig.js';

const KEYS = { publishKey: 'pub-c-cipher', subscribeKey: 'sub-c-cipher' };
const CIPHER = 'enigma';

describe('compat: JS SDK 3.16.5 cipher_key interoperates with pubkit through the local server', () => {
  let rig: Rig;
  beforeEach(async () => {
    rig = await startRig(KEYS);
  });
  afterEach(async () => {
    await rig?.close();
  });

  it('3.x encrypts, pubkit decrypts (live and history); the wire value is vector C1', async () => {
    const ch = channelName('js3-cipher-out');
    const reader = rig.pubkit({ uuid: 'pk-cipher-reader', cipherKey: CIPHER });
    const live = new Feed<unknown>();
    await new Promise<void>((resolve) => {
      reader.subscribe(ch, { callback: (m) => live.push(m), connect: () => resolve() });
    });

    const writer = rig.classic({ uuid: 'js3-cipher-writer', cipherKey: CIPHER });
    await writer.publish(ch, 'Pubnub Messaging API 1');
    const object = { text: "hey ~*!()'", u: '漢語 é', n: [1, 2, 3] };
    await writer.publish(ch, object);

    expect(await live.count(2, 'two decrypted messages')).to.deep.equal(['Pubnub Messaging API 1', object]);
    const [decrypted] = await reader.history(ch);
    expect(decrypted).to.deep.equal(['Pubnub Messaging API 1', object]);

    // Without the key the stored value is the ciphertext string: C1 for the first message (docs/protocol.md §7.4).
    const [raw] = await rig.pubkit({ uuid: 'pk-cipher-raw' }).history(ch);
    expect(raw[0]).to.equal('f42pIQcWZ9zbTbH8cyLwByD/GsviOE0vcREIEVPARR0=');
    expect(raw[1]).to.equal(reader.encrypt(object));
  });

  it('pubkit encrypts, 3.x decrypts (live and history); a 3.x client without the key sees ciphertext', async () => {
    const ch = channelName('js3-cipher-in');
    const reader = rig.classic({ uuid: 'js3-cipher-reader', cipherKey: CIPHER });
    const sub = reader.subscribe(ch);
    await sub.connects.count(1, 'connect');

    const writer = rig.pubkit({ uuid: 'pk-cipher-writer', cipherKey: CIPHER });
    const object = { text: 'from pubkit', u: '漢語', nested: { ok: true } };
    await writer.publish(ch, object);
    await writer.publish(ch, 'Pubnub Messaging API 1');

    const got = await sub.messages.count(2, 'two decrypted messages');
    expect(got.map((d) => [d.channel, d.message])).to.deep.equal([
      [ch, object],
      [ch, 'Pubnub Messaging API 1'],
    ]);
    const [fromHistory] = (await reader.history({ channel: ch })) as [unknown[]];
    expect(fromHistory).to.deep.equal([object, 'Pubnub Messaging API 1']);

    const keyless = rig.classic({ uuid: 'js3-cipher-keyless' });
    const [rawHistory] = (await keyless.history({ channel: ch })) as [unknown[]];
    expect(rawHistory).to.deep.equal([writer.encrypt(object), 'f42pIQcWZ9zbTbH8cyLwByD/GsviOE0vcREIEVPARR0=']);
  });
});
