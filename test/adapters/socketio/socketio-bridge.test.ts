import { backpressureSuite } from './backpressure-suite.js';
import { startSocketIo } from './harness.js';
import { relaySuite } from './relay-suite.js';
import { resumeSuite } from './resume-suite.js';

describe('@pubkit/socketio over socket.io (socket.io-client peers, fake upstream)', () => {
  describe('rules', () => relaySuite(startSocketIo));
  describe('resume', () => resumeSuite(startSocketIo));
  describe('backpressure', () => backpressureSuite(startSocketIo));
});
