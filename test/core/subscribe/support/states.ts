/**
 * Fixtures of the subscribe machine's states (core/src/subscribe/state.ts): `make` builds a deep-frozen state of one
 * kind from a partial record, keeping only the fields that kind may carry, so a fixture can be written as "like
 * `receiving`, but waiting" without dragging `requestId` along. `FIELDS` lists what each kind carries; the tables
 * test checks every state a step produces against it.
 */
import {
  currentId,
  EMPTY_DEDUPE_WINDOW,
  type SessionFields,
  type SessionState,
  type SubscribeState,
  type SubscribeStateKind,
} from '@pubkit/core/internal';

type Of<K extends SubscribeStateKind> = Extract<SubscribeState, { kind: K }>;

const SESSION_KEYS = [
  'channels',
  'groups',
  'filterExpression',
  'cursor',
  'synced',
  'attempt',
  'interrupted',
  'announced',
  'lastContactMs',
  'emptyRun',
] as const;

/** The fields each kind of state carries (docs/architecture.md §4). */
export const FIELDS: Record<SubscribeStateKind, readonly string[]> = {
  idle: ['kind', 'nextId', 'recent'],
  handshaking: ['kind', 'nextId', 'recent', ...SESSION_KEYS, 'requestId', 'polledAtMs'],
  receiving: ['kind', 'nextId', 'recent', ...SESSION_KEYS, 'requestId', 'polledAtMs'],
  waiting: ['kind', 'nextId', 'recent', ...SESSION_KEYS, 'timerId'],
  stopped: ['kind', 'nextId', 'recent', ...SESSION_KEYS],
};

/** A session's defaults: subscribed to `ch1`, never connected. */
export const SESSION: SessionFields = {
  channels: ['ch1'],
  groups: [],
  filterExpression: undefined,
  cursor: undefined,
  synced: false,
  attempt: 0,
  interrupted: false,
  announced: false,
  lastContactMs: undefined,
  emptyRun: 0,
  nextId: 1,
  recent: EMPTY_DEDUPE_WINDOW,
};

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * A frozen state of `over.kind`: the session defaults, then `over`, then only the fields that kind carries.
 * `over` must give the kind's own fields (`requestId` and `polledAtMs` when polling, `timerId` when waiting).
 */
export function make<K extends SessionState['kind']>(
  over: { readonly kind: K } & Partial<SessionFields> & Omit<Of<K>, keyof SessionFields | 'kind'>,
): Of<K> {
  const full: Record<string, unknown> = { ...SESSION, ...over };
  const kept = Object.fromEntries(FIELDS[over.kind].map((key) => [key, full[key]]));
  return deepFreeze(kept) as Of<K>;
}

/** The request id a state holds (`handshaking`, `receiving`), for events that answer it. */
export function requestIdOf(state: SubscribeState): number {
  const id = currentId(state, 'requestId');
  if (id === undefined) throw new Error(`no request in flight in ${state.kind}`);
  return id;
}

/** The timer id a state holds (`waiting`). */
export function timerIdOf(state: SubscribeState): number {
  const id = currentId(state, 'timerId');
  if (id === undefined) throw new Error(`no timer in ${state.kind}`);
  return id;
}

/** A session field of a state, `undefined` when idle. */
export function sessionField<F extends keyof SessionFields>(
  state: SubscribeState,
  field: F,
): SessionFields[F] | undefined {
  return state.kind === 'idle' ? undefined : state[field];
}
