/**
 * A minimal publish responder for client benchmarks, run in its own process so its CPU is not counted against
 * the client: answers every request with the publish success body and the service's headers. Prints its URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const body = '[1,"Sent","17000000000000000"]';
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'Content-Type': 'text/javascript; charset="UTF-8"', 'Content-Length': body.length });
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
process.on('disconnect', () => process.exit(0));
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
