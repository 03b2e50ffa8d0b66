/**
 * Which fault route group a request path belongs to, and the error body a `status` fault answers with in the
 * shape of that group's service (docs/protocol.md §5: publish answers `[0,"…"]`, Access Manager and presence have
 * their own objects; 429 and 5xx of every service come from PubNub's front end as a generic JSON error).
 */
import { accessManagerError, publishError, serviceError } from '../reply.js';
import type { FaultRouteGroup } from './fault-rules.js';

/** Path prefixes of each group (both `sub-key` spellings are covered by matching the first segments only). */
const PREFIXES: readonly (readonly [prefix: string, group: FaultRouteGroup])[] = [
  ['/time/', 'time'],
  ['/publish/', 'publish'],
  ['/signal/', 'signal'],
  ['/subscribe/', 'subscribe'],
  ['/v2/subscribe/', 'subscribe'],
  ['/v2/history/', 'history'],
  ['/v3/history/', 'history'],
  ['/v3/history-with-actions/', 'history'],
  ['/v1/message-actions/', 'message-actions'],
  ['/v2/presence/', 'presence'],
  ['/v1/auth/', 'pam'],
  ['/v2/auth/', 'pam'],
  ['/v3/pam/', 'pam'],
  ['/v1/channel-registration/', 'channel-groups'],
  ['/v2/objects/', 'objects'],
  ['/v3/objects/', 'objects'],
  ['/v1/files/', 'files'],
];

/** The group of a raw path, or undefined for a path no group names (still matched by `any` and `path`). */
export function routeGroupOf(rawPath: string): FaultRouteGroup | undefined {
  for (const [prefix, group] of PREFIXES) if (rawPath.startsWith(prefix)) return group;
  return undefined;
}

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  414: 'URI Too Long',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  507: 'Insufficient Storage',
};

/** The body of a `status` fault for a request of `group`. */
export function faultBody(group: FaultRouteGroup | undefined, status: number): string {
  const reason = REASONS[status] ?? 'Error';
  if (status === 429 || status >= 500) {
    if (group === 'presence') return JSON.stringify({ status, message: reason, error: 1, service: 'Presence' });
    return serviceError(status, reason, 'Balancer');
  }
  if (status === 403 || group === 'pam') return accessManagerError(status, reason);
  if (group === 'publish' || group === 'signal') return publishError(reason);
  return serviceError(status, reason);
}
