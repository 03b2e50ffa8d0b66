/**
 * pubkit quickstart: `npm start`.
 *
 * Starts the local PubNub-compatible server in-process (unless PUBKIT_ORIGIN points elsewhere), then walks through
 * the seed API with the Node client: subscribe with presence, publish (one message encrypted), here_now, history,
 * and an Access Manager round (denied, granted, allowed, revoked, denied). Prints what happens and exits 0.
 *
 * Against another server: PUBKIT_ORIGIN=http://host:port PUBKIT_PUBLISH_KEY=… PUBKIT_SUBSCRIBE_KEY=… and, for the
 * PAM round, PUBKIT_PAM_PUBLISH_KEY / PUBKIT_PAM_SUBSCRIBE_KEY / PUBKIT_PAM_SECRET_KEY (skipped when absent).
 */
import { type PresenceEvent, Pubnub, PubnubAccessDeniedError } from '@pubkit/node';
import { type RunningServer, startServer } from '@pubkit/server';

const env = process.env;
const OPEN = { publishKey: env.PUBKIT_PUBLISH_KEY ?? 'demo-pub', subscribeKey: env.PUBKIT_SUBSCRIBE_KEY ?? 'demo-sub' };
const PAM_FROM_ENV =
  env.PUBKIT_PAM_SECRET_KEY === undefined
    ? undefined
    : {
        publishKey: env.PUBKIT_PAM_PUBLISH_KEY ?? '',
        subscribeKey: env.PUBKIT_PAM_SUBSCRIBE_KEY ?? '',
        secretKey: env.PUBKIT_PAM_SECRET_KEY,
      };
const PAM = PAM_FROM_ENV ?? { publishKey: 'pam-pub', subscribeKey: 'pam-sub', secretKey: 'pam-secret' };

const started = Date.now();
function say(what: string): void {
  const ms = String(Date.now() - started).padStart(5);
  process.stdout.write(`${ms} ms  ${what}\n`);
}

function until(predicate: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = (): void => {
      if (predicate()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(poll, 10);
    };
    poll();
  });
}

async function main(): Promise<void> {
  let server: RunningServer | undefined;
  let origin = env.PUBKIT_ORIGIN;
  if (origin === undefined) {
    server = await startServer({ port: 0, host: '127.0.0.1', keysets: [OPEN, PAM] });
    origin = server.url;
    say(`embedded pubkit server listening on ${origin}`);
  } else {
    say(`using the server at ${origin}`);
  }
  const canPam = server !== undefined || PAM_FROM_ENV !== undefined;

  const alice = new Pubnub({ ...OPEN, origin, uuid: 'alice' });
  const bob = new Pubnub({ ...OPEN, origin, uuid: 'bob', cipherKey: 'quickstart-secret' });
  const channel = `quickstart-${Date.now()}`;
  try {
    say(`server time: ${await alice.time()}`);

    // 1. Subscribe with presence.
    const received: unknown[] = [];
    const presence: PresenceEvent[] = [];
    let connected = false;
    const sub = alice.subscribe(channel, {
      callback: (message, ch) => {
        received.push(message);
        say(`alice received on ${ch}: ${JSON.stringify(message)}`);
      },
      presence: (event) => {
        presence.push(event);
        say(`presence: ${event.action} ${event.uuid ?? ''} (occupancy ${event.occupancy ?? '?'})`);
      },
      error: (err) => say(`alice subscribe error: ${err.code} ${err.message}`),
      connect: (ch) => {
        connected = true;
        say(`alice connected to ${ch}`);
      },
    });
    await until(() => connected, 'alice to connect');

    // 2. Bob joins, then publishes: plain and encrypted.
    const bobSub = bob.subscribe(channel, {});
    await until(() => presence.some((e) => e.action === 'join' && e.uuid === 'bob'), 'bob to join');
    const [, , tt1] = await alice.publish(channel, { text: 'hello from alice' });
    say(`alice published, timetoken ${tt1}`);
    const [, , tt2] = await bob.publish(channel, { text: 'a secret from bob' });
    say(`bob published encrypted, timetoken ${tt2}; on the wire it is ${bob.encrypt({ text: 'a secret from bob' })}`);
    await until(() => received.length === 2, 'both messages');
    say('(alice has no cipher key, so the encrypted message reaches her as ciphertext; bob reads it in clear)');

    // 3. here_now and history.
    const here = await alice.hereNow(channel);
    say(`here_now: occupancy ${here.occupancy}, uuids ${JSON.stringify(here.uuids)}`);
    const [messages, start, end] = await bob.history(channel, { count: 10 });
    say(`history (read by bob, who holds the key): ${JSON.stringify(messages)} from ${start} to ${end}`);

    // 4. Bob leaves.
    await bobSub.unsubscribe();
    await until(() => presence.some((e) => e.action === 'leave' && e.uuid === 'bob'), 'bob to leave');
    await sub.unsubscribe();

    // 5. Access Manager: denied, granted, allowed, revoked, denied.
    if (canPam) {
      const admin = new Pubnub({ ...PAM, origin, uuid: 'admin' });
      const user = new Pubnub({
        publishKey: PAM.publishKey,
        subscribeKey: PAM.subscribeKey,
        origin,
        authKey: 'carol-key',
      });
      const secured = `${channel}-secured`;
      const tryPublish = async (label: string): Promise<void> => {
        try {
          const [, , tt] = await user.publish(secured, `${label} from carol`);
          say(`PAM: carol publish ${label}: allowed (timetoken ${tt})`);
        } catch (err) {
          if (!(err instanceof PubnubAccessDeniedError)) throw err;
          say(`PAM: carol publish ${label}: denied (${err.code}, upstream ${err.upstream.status})`);
        }
      };
      try {
        await tryPublish('before grant');
        const grant = await admin.grant({ channel: secured, authKey: 'carol-key', read: true, write: true, ttl: 5 });
        say(`PAM: grant ${grant.message} (level ${grant.payload.level}, ttl ${grant.payload.ttl ?? '?'} min)`);
        await tryPublish('after grant');
        const audit = await admin.audit({ channel: secured });
        say(`PAM: audit ${audit.message}: ${JSON.stringify(audit.raw)}`);
        await admin.revoke({ channel: secured, authKey: 'carol-key' });
        say('PAM: revoked');
        await tryPublish('after revoke');
      } finally {
        await Promise.all([admin.close(), user.close()]);
      }
    } else {
      say('PAM round skipped: set PUBKIT_PAM_SECRET_KEY (and keys) to run it against an external server');
    }
  } finally {
    await Promise.all([alice.close(), bob.close()]);
    await server?.close();
  }
  say('done');
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    process.stderr.write(`quickstart failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
