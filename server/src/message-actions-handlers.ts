/**
 * Message actions (docs/protocol.md §13.5, §13.6): add, remove and page a channel's actions; each add and remove
 * publishes an action event (`e: 3`, not stored) on the channel once the store committed it.
 *
 *   POST   /v1/message-actions/{sub}/channel/{ch}/message/{messageTT}         body {"type","value"}
 *   DELETE /v1/message-actions/{sub}/channel/{ch}/message/{messageTT}/action/{actionTT}
 *   GET    /v1/message-actions/{sub}/channel/{ch}?start&end&limit
 *
 * Errors use the actions service's body `{"status":N,"error":{"source":"actions","message":…}}`: 400 for a bad
 * channel, timetoken, body, `type` (1–15 characters) or `value` (1–1,000 characters) or a missing uuid; 409 for the
 * same (message, type, value, uuid) twice. PAM: add needs write, remove delete, get read.
 */
import { channelProblem } from './channel-names.js';
import type { Exchange, Handler, Services } from './exchange.js';
import type { StoredAction } from './storage/storage.js';
import { storageFailure } from './storage-failure.js';
import { countParam, REFUSED, rangeParams } from './storage-params.js';

/** Longest action type. */
export const MAX_ACTION_TYPE = 15;
/** Longest action value. */
export const MAX_ACTION_VALUE = 1_000;
/** Largest page of actions. */
export const MAX_ACTIONS_PAGE = 100;

const TIMETOKEN = /^\d{1,19}$/;

function actionError(ex: Exchange, status: number, message: string): void {
  ex.reply(status, JSON.stringify({ status, error: { source: 'actions', message } }));
}

function actionJson(a: StoredAction): string {
  return JSON.stringify({
    type: a.type,
    value: a.value,
    uuid: a.uuid,
    actionTimetoken: String(a.actionTt),
    messageTimetoken: String(a.messageTt),
  });
}

/** The checks every action call starts with. Returns the channel, or undefined after answering. */
function channelOf(ex: Exchange, services: Services, permission: 'r' | 'w' | 'd'): string | undefined {
  const { sub = '', ch = '' } = ex.params;
  const problem = channelProblem(ch);
  if (problem) {
    actionError(ex, 400, problem);
    return undefined;
  }
  for (const name of ['mtt', 'att'] as const) {
    const text = ex.params[name];
    if (text !== undefined && !TIMETOKEN.test(text)) {
      actionError(
        ex,
        400,
        `Invalid ${name === 'mtt' ? 'message' : 'action'} timetoken ${JSON.stringify(text.slice(0, 40))}`,
      );
      return undefined;
    }
  }
  return services.access.check(ex, { subKey: sub, channels: [ch], permission }) ? ch : undefined;
}

/** Publishes the action event on the channel (docs/protocol.md §13.6). */
function announce(services: Services, subKey: string, event: 'added' | 'removed', a: StoredAction): void {
  const data = {
    type: a.type,
    value: a.value,
    messageTimetoken: String(a.messageTt),
    actionTimetoken: String(a.actionTt),
  };
  services.bus.publish({
    subKey,
    channel: a.channel,
    payload: JSON.stringify({ source: 'actions', version: '1.0', event, data }),
    publisher: a.uuid,
    eventType: 3,
    store: false,
  });
}

/** Reads `{"type","value"}` from the body, or answers 400. */
function readAction(ex: Exchange): { type: string; value: string } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(ex.body ?? '');
  } catch {
    actionError(ex, 400, 'The body must be a JSON object {"type": …, "value": …}');
    return undefined;
  }
  const { type, value } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof type !== 'string' || type === '' || [...type].length > MAX_ACTION_TYPE) {
    actionError(ex, 400, `Action type must be a string of 1 to ${MAX_ACTION_TYPE} characters`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '' || [...value].length > MAX_ACTION_VALUE) {
    actionError(ex, 400, `Action value must be a string of 1 to ${MAX_ACTION_VALUE} characters`);
    return undefined;
  }
  return { type, value };
}

/** Answers add (POST). */
export const addActionHandler: Handler = async function addAction(ex, services) {
  if (ex.method !== 'POST') return actionError(ex, 405, 'Adding an action is a POST');
  const channel = channelOf(ex, services, 'w');
  if (channel === undefined) return;
  const uuid = ex.query.uuid ?? '';
  if (uuid === '') return actionError(ex, 400, 'Missing uuid');
  const body = readAction(ex);
  if (!body) return;
  const sub = ex.params.sub ?? '';
  const action: StoredAction = {
    channel,
    messageTt: BigInt(ex.params.mtt ?? '0'),
    actionTt: services.tokens.next().value,
    ...body,
    uuid,
  };
  try {
    if ((await services.store.addAction(sub, action)) === 'duplicate') {
      return actionError(ex, 409, 'Action Already Added');
    }
  } catch (err) {
    const failure = storageFailure(err, services);
    return actionError(ex, failure.status, failure.message);
  }
  announce(services, sub, 'added', action);
  ex.reply(200, `{"status":200,"data":${actionJson(action)}}`);
};

/** Answers remove (DELETE). An action that does not exist is removed already: 200, no event. */
export const removeActionHandler: Handler = async function removeAction(ex, services) {
  if (ex.method !== 'DELETE') return actionError(ex, 405, 'Removing an action is a DELETE');
  const channel = channelOf(ex, services, 'd');
  if (channel === undefined) return;
  const sub = ex.params.sub ?? '';
  try {
    const removed = await services.store.removeAction(
      sub,
      channel,
      BigInt(ex.params.mtt ?? '0'),
      BigInt(ex.params.att ?? '0'),
    );
    if (removed) announce(services, sub, 'removed', removed);
  } catch (err) {
    const failure = storageFailure(err, services);
    return actionError(ex, failure.status, failure.message);
  }
  ex.reply(200, '{"status":200,"data":{}}');
};

/** Answers get (GET), with `more` when the page is full. */
export const getActionsHandler: Handler = function getActions(ex, services) {
  if (ex.method !== 'GET') return actionError(ex, 405, 'Listing actions is a GET');
  const channel = channelOf(ex, services, 'r');
  if (channel === undefined) return;
  const limit = countParam(ex, 'limit', MAX_ACTIONS_PAGE, MAX_ACTIONS_PAGE, 'actions');
  if (limit === REFUSED) return;
  const range = rangeParams(ex, 'actions');
  if (range === REFUSED) return;
  const sub = ex.params.sub ?? '';
  let page: StoredAction[];
  try {
    page = services.store.actions(sub, channel, { limit, ...range });
  } catch (err) {
    const failure = storageFailure(err, services);
    return actionError(ex, failure.status, failure.message);
  }
  let more = '';
  if (page.length === limit) {
    const start = String(page[0]!.actionTt);
    const query = new URLSearchParams({
      start,
      limit: String(limit),
      ...(range.end === undefined ? {} : { end: String(range.end) }),
    });
    const url = `/v1/message-actions/${encodeURIComponent(sub)}/channel/${encodeURIComponent(channel)}?${query}`;
    more = `,"more":${JSON.stringify({ url, start, ...(range.end === undefined ? {} : { end: String(range.end) }), limit })}`;
  }
  ex.reply(200, `{"status":200,"data":[${page.map(actionJson).join(',')}]${more}}`);
};
