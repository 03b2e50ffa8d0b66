/** Presence operations (docs/protocol.md §2.6–§2.10): here_now, where_now, state, heartbeat, leave. One file each. */
export { buildHeartbeat, type HeartbeatParams, MAX_PRESENCE_TIMEOUT, parseHeartbeat } from './heartbeat.js';
export {
  buildHereNow,
  type HereNowChannel,
  type HereNowOccupant,
  type HereNowParams,
  type HereNowResult,
  parseHereNow,
} from './here-now.js';
export { buildLeave, type LeaveParams, parseLeave } from './leave.js';
export { channelOfPresence, isPresenceChannel, PRESENCE_SUFFIX, presenceChannel } from './names.js';
export {
  buildGetState,
  buildSetState,
  type GetStateParams,
  parseGetState,
  parseSetState,
  type SetStateParams,
  type StateRequestNames,
  type StateResult,
} from './state.js';
export { buildWhereNow, parseWhereNow, type WhereNowParams, type WhereNowResult } from './where-now.js';
