import { startSocketIo } from './harness.js';
import { relaySuite } from './relay-suite.js';

describe('@pubkit/socketio over socket.io (socket.io-client peers, fake upstream)', () => {
  describe('rules', () => relaySuite(startSocketIo));
});
