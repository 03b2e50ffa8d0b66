/**
 * Replay of every request line captured from the official SDKs (docs/protocol.md §9.1 pubnub@10.2.9, §9.2 JS 3.16.5,
 * §9.3 Python 3.9): each is sent byte for byte (elided `…` values filled in with the trace's own pnsdk/uuid) and
 * must get a response of the shape that SDK parses. Signed lines go to a PAM keyset pub/sub/sec whose clock is set
 * to the captured timestamp, so their captured signatures verify unchanged.
 *
 * Deliberate difference from the capture server: `ch 1/é` contains a space and a `/`, which channel names may not
 * (docs/protocol.md §8.5); the server answers those publishes 400 `[0,"Invalid Character in Channel Name",tt]`, the
 * publish error shape every SDK parses.
 */
import { deflateSync } from 'node:zlib';
import { expect } from 'chai';
import { fakeClock, type Harness, harness, type Reply } from './helpers.js';

type Shape =
  | 'time'
  | 'sent'
  | 'bad-channel'
  | 'history'
  | 'presence'
  | 'leave'
  | 'pam'
  | 'subscribe-v1'
  | 'subscribe-v2';

interface Line {
  readonly path: string;
  readonly shape: Shape;
  readonly method?: 'POST';
  readonly body?: Buffer;
  readonly headers?: Record<string, string>;
}

const JS10 = 'PubNub-JS-Nodejs%2F10.2.9';
const JS3 = 'PubNub-JS-Nodejs%2F3.16.5';
const PY = 'PubNub-Python%2F3.9.0';
const RID = 'requestid=3f1d2c1e-0000-4000-8000-000000000001';
const C10 = `uuid=user-1&${RID}&pnsdk=${JS10}`;
const MSG_JS10 = '%7B%22text%22%3A%22it%27s%20%7E%2A%21%28%29%22%2C%22n%22%3A1%7D';
const MSG_JS3 = "%7B%22text%22%3A%22it's%20~*!()%22%2C%22n%22%3A1%7D";
const MSG_PY = '%7B%22text%22%3A%20%22it%27s%20~*%21%28%29%22%2C%20%22n%22%3A%201%7D';
const STATE_JS3 = '%7B%22ch1%22%3A%7B%22s%22%3A1%7D%2C%22ch2%22%3A%7B%22s%22%3A1%7D%7D';

const JS10_OPEN: Line[] = [
  { path: `/time/0?${C10}`, shape: 'time' },
  {
    path: `/publish/pub/sub/0/ch%201%2F%C3%A9/0/${MSG_JS10}?store=0&ttl=2&meta=%7B%22m%22%3A1%7D&${C10}`,
    shape: 'bad-channel',
  },
  {
    path: `/publish/pub/sub/0/ch1/0?${C10}`,
    method: 'POST',
    body: deflateSync('{"n":3}'),
    headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' },
    shape: 'sent',
  },
  { path: `/publish/pub/sub/0/ch1/0/%22x%22?store=0&norep=true&${C10}`, shape: 'sent' },
  { path: `/signal/pub/sub/0/ch1/0/%22sig%22?${C10}`, shape: 'sent' },
  { path: `/v2/presence/sub-key/sub/channel/ch1?limit=1000&state=1&${C10}`, shape: 'presence' },
  { path: `/v2/presence/sub-key/sub/uuid/user-1?${C10}`, shape: 'presence' },
  { path: `/v2/presence/sub-key/sub/channel/ch1/uuid/user-1/data?state=%7B%22a%22%3A1%7D&${C10}`, shape: 'presence' },
  { path: `/v2/presence/sub-key/sub/channel/ch1/uuid/user-1?${C10}`, shape: 'presence' },
  {
    path: `/v2/history/sub-key/sub/channel/ch1?count=10&include_token=true&start=17000000000000000&end=17000000000000099&string_message_token=true&reverse=true&include_meta=true&${C10}`,
    shape: 'history',
  },
  { path: `/publish/pub/sub/0/ch1/0/%22toDEeIZkmIyoiLpSojGu7n3%2B2t1rn7%2FDsrEZ1r8JKR4%3D%22?${C10}`, shape: 'sent' },
  {
    path: `/v2/subscribe/sub/ch1,ch1-pnpres,ch2,ch2-pnpres/0?channel-group=cg1%2Ccg1-pnpres&heartbeat=10&${C10}`,
    shape: 'subscribe-v2',
  },
  {
    path: `/v2/presence/sub-key/sub/channel/ch1,ch2/heartbeat?heartbeat=10&channel-group=cg1&state=%7B%7D&${C10}`,
    shape: 'presence',
  },
  {
    path: `/v2/subscribe/sub/ch1,ch1-pnpres,ch2,ch2-pnpres/0?channel-group=cg1%2Ccg1-pnpres&heartbeat=10&tt=17000000000090000&tr=1&${C10}`,
    shape: 'subscribe-v2',
  },
  { path: `/v2/presence/sub-key/sub/channel/ch1,ch2/leave?channel-group=cg1&${C10}`, shape: 'leave' },
  { path: `/v2/subscribe/sub/ch1/0?ee=&${C10}&auth=ak`, shape: 'subscribe-v2' },
  { path: `/v2/presence/sub-key/sub/channel/ch1/heartbeat?heartbeat=300&${C10}&auth=ak`, shape: 'presence' },
  { path: `/v2/subscribe/sub/ch1/0?ee=&tt=17000000000280000&tr=1&${C10}&auth=ak`, shape: 'subscribe-v2' },
  { path: `/v2/presence/sub-key/sub/channel/ch1/leave?${C10}&auth=ak`, shape: 'leave' },
];

const JS10_SIGNED: Line[] = [
  {
    path: `/v2/auth/grant/sub-key/sub?channel=ch1&auth=ak&r=1&w=1&m=0&d=0&g=0&j=0&u=0&ttl=5&uuid=user-1&requestid=ba624543-3cbc-428b-a960-389cedf8615b&pnsdk=${JS10}&timestamp=1795882483&signature=v2.S9KH58JvFOK6wZQo0Z_ntIkWO2A9GMliULxgpSPYYlw`,
    shape: 'pam',
  },
  {
    path: `/v2/auth/audit/sub-key/sub?channel=ch1&uuid=user-1&requestid=5df4d194-1f3e-4fb3-ad0c-cb14bb7ad08b&pnsdk=${JS10}&timestamp=1795882483&signature=v2.lB8SMQDOFcF3pgtf90gs0J6Y6QTQQUP685voyLbMWO8`,
    shape: 'pam',
  },
  {
    path: `/publish/pub/sub/0/ch1/0/%22signed%22?uuid=user-1&requestid=457c1976-1692-4b30-89e0-f8e371556cff&pnsdk=${JS10}&timestamp=1795882483&signature=v2.Qtwi8wOzpDN8_ee0-50zFtj2qdiYnndfo-PAhPdZxto`,
    shape: 'sent',
  },
  {
    path: `/publish/pub/sub/0/ch1/0?uuid=user-1&requestid=e82c54c8-bf92-4fa1-8f6c-4321ef8663c9&pnsdk=${JS10}&timestamp=1795882483&signature=v2.KzXg0r74O0DpvgxN_NYZed_FE7bVxkJPiz5VH8tii7g`,
    method: 'POST',
    body: deflateSync('"signedpost"'),
    headers: { 'content-type': 'application/json', 'content-encoding': 'deflate' },
    shape: 'sent',
  },
];

const JS3_OPEN: Line[] = [
  { path: `/time/0?uuid=user-1&pnsdk=${JS3}`, shape: 'time' },
  {
    path: `/publish/pub/sub/0/ch%201%2F%C3%A9/0/${MSG_JS3}?uuid=user-1&meta=%7B%22m%22%3A1%7D&pnsdk=${JS3}`,
    shape: 'bad-channel',
  },
  {
    path: `/publish/pub/sub/0/ch1/0?uuid=user-1&pnsdk=${JS3}`,
    method: 'POST',
    body: Buffer.from('{"n":3}'),
    shape: 'sent',
  },
  { path: `/publish/pub/sub/0/ch1/0/%22x%22?uuid=user-1&store=0&norep=true&pnsdk=${JS3}`, shape: 'sent' },
  {
    path: `/v2/history/sub-key/sub/channel/ch1?stringtoken=true&count=10&reverse=true&start=17000000000000000&include_token=true&pnsdk=${JS3}`,
    shape: 'history',
  },
  { path: `/v2/presence/sub_key/sub/channel/ch1?uuid=user-1&state=1&pnsdk=${JS3}`, shape: 'presence' },
  { path: `/v2/presence/sub_key/sub/uuid/user-1?pnsdk=${JS3}`, shape: 'presence' },
  {
    path: `/v2/presence/sub-key/sub/channel/ch1/uuid/user-1/data?pnsdk=${JS3}&state=%7B%22a%22%3A1%7D`,
    shape: 'presence',
  },
  {
    path: `/publish/pub/sub/0/ch1/0/%22f42pIQcWZ9zbTbH8cyLwByD%2FGsviOE0vcREIEVPARR0%3D%22?uuid=user-1&pnsdk=${JS3}`,
    shape: 'sent',
  },
  { path: `/v2/presence/sub_key/sub/channel/ch1?uuid=user-1&pnsdk=${JS3}`, shape: 'presence' },
  {
    path: `/v2/presence/sub-key/sub/channel/ch1%2Cch2/heartbeat?uuid=user-1&state=${STATE_JS3}&heartbeat=10&pnsdk=${JS3}`,
    shape: 'presence',
  },
  {
    path: `/subscribe/sub/ch1%2Cch1-pnpres%2Cch2%2Cch2-pnpres/0/0?uuid=user-1&pnsdk=${JS3}&state=${STATE_JS3}&heartbeat=10`,
    shape: 'subscribe-v1',
  },
  {
    path: `/subscribe/sub/ch1%2Cch1-pnpres%2Cch2%2Cch2-pnpres/0/17000000000130000?uuid=user-1&pnsdk=${JS3}&state=${STATE_JS3}&heartbeat=10`,
    shape: 'subscribe-v1',
  },
  { path: `/v2/presence/sub_key/sub/channel/ch1/leave?uuid=user-1&pnsdk=${JS3}`, shape: 'leave' },
  {
    path: `/subscribe/sub/ch2%2Cch2-pnpres/0/17000000000170000?uuid=user-1&pnsdk=${JS3}&state=%7B%22ch2%22%3A%7B%22s%22%3A1%7D%7D&heartbeat=10`,
    shape: 'subscribe-v1',
  },
];

const JS3_SIGNED: Line[] = [
  {
    path: `/time/0?uuid=user-1&auth=ak&pnsdk=${JS3}&timestamp=1795882688&signature=P_WRgl8oiBcWFc7DbLDnmH_9tx5YQIgDI-0iqW-VVq8%3D`,
    shape: 'time',
  },
  {
    path: `/v1/auth/grant/sub-key/sub?w=1&r=1&channel=ch1&ttl=5&auth=ak&pnsdk=${JS3}&timestamp=1795882688&signature=UtWfIumVUQ3lnLpMSKEiITapFh-I4gZHD3uRSEbFjPY%3D`,
    shape: 'pam',
  },
  {
    path: `/v1/auth/audit/sub-key/sub?channel=ch1&pnsdk=${JS3}&timestamp=1795882688&signature=2vx9YG2qNOaqZYhE173CW2PLiM08Qb4WwVKmfwMS-YM%3D`,
    shape: 'pam',
  },
  {
    path: `/publish/pub/sub/0/ch1/0/%22signed%22?uuid=user-1&auth=ak&pnsdk=${JS3}&timestamp=1795882688&signature=uORI1VL_2OpAR79ge-YcvP9iC9WGGtdUEmwmVRPsdfY%3D`,
    shape: 'sent',
  },
];

const PY_OPEN: Line[] = [
  { path: '/time/0', shape: 'time' },
  { path: `/publish/pub/sub/0/ch%201%2F%C3%A9/0/${MSG_PY}?pnsdk=${PY}`, shape: 'bad-channel' },
  { path: `/publish/pub/sub/0/ch1/0/%22x%22?pnsdk=${PY}&store=0&norep=true`, shape: 'sent' },
  {
    path: `/v2/history/sub-key/sub/channel/ch1?reverse=true&pnsdk=${PY}&stringtoken=true&include_token=true&count=10&start=17000000000000000&end=17000000000000099`,
    shape: 'history',
  },
  { path: `/v2/presence/sub_key/sub/channel/ch1?pnsdk=${PY}&state=1`, shape: 'presence' },
  { path: `/v2/presence/sub_key/sub?pnsdk=${PY}`, shape: 'presence' },
  { path: `/v2/presence/sub_key/sub/channel/%2C?pnsdk=${PY}&disable_uuids=1&channel-group=cg1`, shape: 'presence' },
  { path: `/v2/presence/sub_key/sub/uuid/user-1?pnsdk=${PY}`, shape: 'presence' },
  {
    path: `/v2/presence/sub-key/sub/channel/ch1/uuid/user-1/data?pnsdk=${PY}&state=%7B%22a%22%3A%201%7D`,
    shape: 'presence',
  },
  { path: `/v2/presence/sub-key/sub/channel/ch1/uuid/user-1?pnsdk=${PY}`, shape: 'presence' },
  { path: `/v2/presence/sub_key/sub/channel/ch1/leave?pnsdk=${PY}&uuid=user-1`, shape: 'leave' },
  { path: `/publish/pub/sub/0/ch1/0/%22o6l0Rr9tsqA2Nb6IfWgmqQ%3D%3D%22?pnsdk=${PY}`, shape: 'sent' },
  {
    path: `/publish/pub/sub/0/ch1/0/%22f42pIQcWZ9zbTbH8cyLwByD%2FGsviOE0vcREIEVPARR0%3D%22?pnsdk=${PY}`,
    shape: 'sent',
  },
  {
    path: `/subscribe/sub/ch1%2Cch2/0/0?uuid=user-1&pnsdk=${PY}&state=%257B%2522ch1%2522%253A%2520%257B%2522ch1%2522%253A%2520%257B%2522s%2522%253A%25201%257D%257D%257D`,
    shape: 'subscribe-v1',
  },
  { path: `/subscribe/sub/ch1%2Cch2/0/17000000000070000?uuid=user-1&pnsdk=${PY}`, shape: 'subscribe-v1' },
  {
    path: `/v2/presence/sub-key/sub/channel/ch1%2Cch2/heartbeat?pnsdk=${PY}&uuid=user-1&state=%7B%22ch1%22%3A%20%7B%22ch1%22%3A%20%7B%22s%22%3A%201%7D%7D%7D&heartbeat=10`,
    shape: 'presence',
  },
  { path: `/subscribe/sub/ch1%2Cch2/0/0?uuid=user-1&pnsdk=${PY}&heartbeat=10`, shape: 'subscribe-v1' },
  { path: `/subscribe/sub/ch1%2Cch2/0/17000000000090000?uuid=user-1&pnsdk=${PY}&heartbeat=10`, shape: 'subscribe-v1' },
];

const PY_SIGNED: Line[] = [
  {
    path: `/v1/auth/grant/sub-key/sub?channel=ch1&auth=ak&r=1&w=1&m=0&ttl=5&pnsdk=${PY}&timestamp=1795882643&signature=sd2lUHg2ayWXJfrODR4FgUG8Ez41vXIclhKnYy4Wh4k=`,
    shape: 'pam',
  },
  {
    path: `/v1/auth/grant/sub-key/sub?channel=ch1&auth=ak&r=0&w=0&ttl=1&pnsdk=${PY}&timestamp=1795882643&signature=HaSVJt_n0z2Eyi0Jyzj2GUae7i51vs89XNb0yETFNbU=`,
    shape: 'pam',
  },
  {
    path: `/v1/auth/audit/sub-key/sub?channel=ch1&pnsdk=${PY}&timestamp=1795882643&signature=oVELN61PwFAm0peol7wDaCCWw4lPSdLrFDCC496zwhI=`,
    shape: 'pam',
  },
  {
    path: `/v1/auth/grant/sub-key/sub?r=0&w=0&m=0&ttl=5&pnsdk=${PY}&timestamp=1795882643&signature=yDgd28dbRxd_alRVz7RD_XTSTz4UoG0sYyjTUvuuxgU=`,
    shape: 'pam',
  },
  {
    path: `/publish/pub/sub/0/ch1/0/%22signed%22?pnsdk=${PY}&auth=ak&timestamp=1795882643&signature=1OjLIr_zOgRnQ5NFYKIMC9e40KK2NpEfF3UwYwX0PJE=`,
    shape: 'sent',
  },
];

function checkShape(shape: Shape, r: Reply): void {
  expect(r.headers['content-type']).to.equal('text/javascript; charset="UTF-8"');
  const json = r.json as Record<string, unknown> & unknown[];
  if (shape === 'bad-channel') {
    expect(r.status).to.equal(400);
    expect(r.text).to.match(/^\[0,"Invalid Character in Channel Name","\d{17}"\]$/);
    return;
  }
  expect(r.status, r.text).to.equal(200);
  switch (shape) {
    case 'time':
      expect(r.text).to.match(/^\[\d{17}\]$/);
      break;
    case 'sent':
      expect(r.text).to.match(/^\[1,"Sent","\d{17}"\]$/);
      break;
    case 'history':
      expect(json).to.be.an('array').with.length(3);
      expect(json[0]).to.be.an('array');
      break;
    case 'presence':
      expect(json.status).to.equal(200);
      expect(json.service).to.equal('Presence');
      break;
    case 'leave':
      expect(json).to.include({ status: 200, action: 'leave', message: 'OK' });
      break;
    case 'pam':
      expect(json).to.include({ message: 'Success', status: 200, service: 'Access Manager' });
      break;
    case 'subscribe-v1':
      expect(json[0]).to.be.an('array');
      expect(json[1]).to.match(/^\d{17}$/);
      if ((json[0] as unknown[]).length > 0) expect(json[2]).to.be.a('string');
      break;
    case 'subscribe-v2': {
      const t = json.t as { t: string; r: number };
      expect(t.t).to.match(/^\d{17}$/);
      expect(t.r).to.be.at.least(1);
      expect(json.m).to.be.an('array');
      break;
    }
  }
}

function replay(title: string, lines: readonly Line[], nowSec?: number): void {
  describe(title, () => {
    let h: Harness;
    before(async () => {
      h = await harness(
        nowSec === undefined
          ? { pollTimeoutMs: 200 }
          : {
              pollTimeoutMs: 200,
              clock: fakeClock(nowSec * 1000),
              keysets: [{ publishKey: 'pub', subscribeKey: 'sub', secretKey: 'sec' }],
            },
      );
    });
    after(async () => h.close());
    for (const line of lines) {
      it(`${line.method ?? 'GET'} ${line.path.slice(0, 110)}`, async () => {
        const r = await h.get(line.path, {
          ...(line.method ? { method: line.method } : {}),
          ...(line.body ? { body: line.body } : {}),
          ...(line.headers ? { headers: line.headers } : {}),
        });
        checkShape(line.shape, r);
      });
    }
  });
}

describe('server: replay of captured SDK traffic (docs/protocol.md §9)', () => {
  replay('pubnub@10.2.9 (§9.1)', JS10_OPEN);
  replay('pubnub@10.2.9 signed, PAM keyset (§9.1)', JS10_SIGNED, 1795882483);
  replay('JS 3.16.5 (§9.2)', JS3_OPEN);
  replay('JS 3.16.5 signed, PAM keyset (§9.2)', JS3_SIGNED, 1795882688);
  replay('Python 3.9 (§9.3)', PY_OPEN);
  replay('Python 3.9 signed, PAM keyset (§9.3)', PY_SIGNED, 1795882643);
});
