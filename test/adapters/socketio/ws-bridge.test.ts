import { startWs } from './harness.js';
import { relaySuite } from './relay-suite.js';

describe('@pubkit/socketio over ws (ws peers, fake upstream)', () => {
  describe('rules', () => relaySuite(startWs));
});
