import { backpressureSuite } from './backpressure-suite.js';
import { startWs } from './harness.js';
import { relaySuite } from './relay-suite.js';
import { resumeSuite } from './resume-suite.js';

describe('@pubkit/socketio over ws (ws peers, fake upstream)', () => {
  describe('rules', () => relaySuite(startWs));
  describe('resume', () => resumeSuite(startWs));
  describe('backpressure', () => backpressureSuite(startWs));
});
