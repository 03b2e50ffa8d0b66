/**
 * One GET over a given keep-alive agent, answered with the body as text: the client side of the server fan-out
 * benchmarks, where every parked subscriber is a plain `node:http` request so the measure is the server's.
 */
import { type Agent, request } from 'node:http';

/** GETs `path` on `base` through `agent`; resolves with the whole body, rejects on a socket error. */
export function get(base: string, path: string, agent: Agent): Promise<string> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve(body));
    });
    req.on('error', reject);
    req.end();
  });
}
