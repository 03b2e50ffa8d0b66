/**
 * Requests and responses as plain data (docs/architecture.md §4). A `build*` function returns a `PnRequest`; an adapter sends it
 * and hands the raw `PnResponse` to the matching `parse*` function. Bodies stay raw text so that 17-digit
 * timetokens are never rounded through a JS number.
 */

/** Every operation the core knows, used for routing, logging, retry policy and errors. */
export type Operation =
  | 'time'
  | 'publish'
  | 'signal'
  | 'subscribe'
  | 'leave'
  | 'heartbeat'
  | 'hereNow'
  | 'whereNow'
  | 'getState'
  | 'setState'
  | 'history'
  | 'fetchMessages'
  | 'messageCounts'
  | 'deleteMessages'
  | 'addMessageAction'
  | 'removeMessageAction'
  | 'getMessageActions'
  | 'grant'
  | 'audit'
  | 'grantToken'
  | 'revokeToken'
  | 'addChannelsToGroup'
  | 'removeChannelsFromGroup'
  | 'listChannelsInGroup'
  | 'deleteGroup'
  | 'listGroups'
  // App Context (docs/protocol.md §14)
  | 'setUUIDMetadata'
  | 'getUUIDMetadata'
  | 'getAllUUIDMetadata'
  | 'removeUUIDMetadata'
  | 'setChannelMetadata'
  | 'getChannelMetadata'
  | 'getAllChannelMetadata'
  | 'removeChannelMetadata'
  | 'setMemberships'
  | 'getMemberships'
  | 'removeMemberships'
  | 'manageMemberships'
  | 'setChannelMembers'
  | 'getChannelMembers'
  | 'removeChannelMembers'
  | 'manageChannelMembers'
  // Files (docs/protocol.md §15).
  | 'sendFile'
  | 'generateUploadUrl'
  | 'uploadFile'
  | 'publishFile'
  | 'listFiles'
  | 'downloadFile'
  | 'deleteFile';

/** An HTTP request, ready to send. */
export interface PnRequest {
  readonly operation: Operation;
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Path, already percent-encoded, e.g. `/publish/pub/sub/0/ch1/0/%22hi%22`. */
  readonly path: string;
  /** Query parameters, not yet encoded. Insertion order is the wire order. */
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  /** How long the adapter waits for the response. */
  readonly timeoutMs: number;
}

/** An HTTP response as received. */
export interface PnResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Raw body text. */
  readonly body: string;
}
