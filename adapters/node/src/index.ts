/**
 * @pubkit/node: the `Pubnub` client for Node (docs/architecture.md §5). It drives `@pubkit/core` with undici, real unref'd
 * timers, `Date.now` and `node:crypto`.
 *
 * @module @pubkit/node
 */

// Client-wide listeners (issue 12): the listener, its events (read in core) and the status categories.
export type {
  AccessResult,
  AllChannelMetadataResponse,
  AllUUIDMetadataResponse,
  ChannelGroupChange,
  ChannelMemberObject,
  ChannelMembersResponse,
  ChannelMetadataObject,
  ChannelMetadataResponse,
  DeleteFileResult,
  FetchedMessage,
  FetchMessagesResult,
  FileEvent,
  FileEventFile,
  GetMessageActionsResult,
  GrantTokenParams,
  HereNowResult,
  ListChannelsResult,
  ListedFile,
  ListFilesResult,
  ListGroupsResult,
  Logger,
  MembershipObject,
  MembershipsResponse,
  MessageAction,
  MessageActionEvent,
  MessageActionsOf,
  MessageCountsResult,
  MessageEvent,
  ObjectCustom,
  ObjectsEvent,
  ObjectsEventEntity,
  ObjectsEventMembership,
  ObjectsEventMessage,
  ParsedToken,
  ParsedTokenPermissions,
  PresenceListenerEvent,
  PublishFileResult,
  PublishResult,
  PubnubConfig,
  RemovedObjectResponse,
  ResponseLimits,
  RetryOptions,
  RevokeTokenResult,
  SeedHistory,
  SignalEvent,
  SubscribeEnvelope,
  SubscribeStatus,
  Timetoken,
  TokenPermissionRequest,
  TokenPermissionRequests,
  TokenPermissions,
  UUIDMetadataObject,
  UUIDMetadataResponse,
  WhereNowResult,
} from '@pubkit/core';
export {
  PubnubAbortError,
  PubnubAccessDeniedError,
  PubnubCallbackError,
  PubnubCryptoError,
  PubnubError,
  PubnubFilePublishError,
  PubnubMalformedResponseError,
  PubnubNetworkError,
  PubnubPreconditionFailedError,
  PubnubResponseTooLargeError,
  PubnubServiceError,
  PubnubStateError,
  PubnubTimeoutError,
  PubnubTokenError,
  PubnubTransportError,
  PubnubValidationError,
} from '@pubkit/core';
export type { AuditOptions, GrantOptions, RevokeOptions } from './access-api.js';
export { CALLBACK_WARNING_CODE } from './callback-errors.js';
export { type CatchUpRequest, type CatchUpResult, type CatchUpSource, catchUp, catchUpKey } from './catch-up.js';
export {
  type ChannelGroupChannelsOptions,
  ChannelGroups,
  type DeleteGroupOptions,
  type ListChannelsOptions,
  type ListGroupsOptions,
} from './channel-groups-api.js';
export type { ViewOptions } from './client-view.js';
export { DEFAULT_MAX_DOWNLOAD_BYTES } from './file-download.js';
export type { FileData, FileInput, FilePath, FileStream } from './file-input.js';
export { FILE_TIMEOUT_MS } from './file-transfer.js';
export type {
  DeleteFileOptions,
  DownloadedFile,
  DownloadFileOptions,
  FileUrlParameters,
  ListFilesOptions,
  PublishFileOptions,
  SendFileOptions,
  SendFileParameters,
  SendFileResult,
} from './files-api.js';
export type { HistoryOptions } from './history-api.js';
export type {
  AddMessageActionOptions,
  GetMessageActionsOptions,
  RemoveMessageActionOptions,
} from './message-actions-api.js';
export { type NodeEnvOptions, nodeCrypto, nodeEnv, nodeRandom } from './node-env.js';
export { NodeScheduler } from './node-scheduler.js';
export { Objects } from './objects-api.js';
export type * from './objects-options.js';
export { type ClientConfig, type PubnubOptions, resolveClientOptions } from './options.js';
export type { HereNowOptions, StateOptions, WhereNowOptions } from './presence-api.js';
export type {
  FireOptions,
  FireParameters,
  PublishOptions,
  PublishParameters,
  PublishResponse,
  SignalOptions,
  SignalParameters,
} from './publish-api.js';
export { PublishQueue, type PublishQueueOptions } from './publish-queue.js';
export { Pubnub, type TimeOptions, type UnsubscribeOptions, type UnsubscribeParameters } from './pubnub.js';
export { RequestLog } from './request-log.js';
export type { ClientHost, ClientScheduler, ClientTransport } from './runtime.js';
export type { CallOptions, SeedResult } from './seed-mode.js';
export type {
  DeleteMessagesOptions,
  FetchMessagesOptions,
  IterateHistoryOptions,
  MessageCountsOptions,
} from './storage-api.js';
export type { BackfillOptions } from './subscribe/backfill.js';
export type { Listener } from './subscribe/listeners.js';
export {
  type ConnectedSet,
  categoryOfError,
  StatusCategory,
  type StatusCategoryName,
  type StatusEvent,
  type StatusOperation,
  statusEventOf,
} from './subscribe/status-categories.js';
export type {
  MessageEnvelope,
  PresenceEvent,
  SubscribeOptions,
  SubscribeParameters,
  Subscription,
} from './subscribe/subscription.js';
export type { GrantTokenOptions, RevokeTokenOptions } from './token-api.js';
export { classifyTransportError } from './transport-errors.js';
export { UndiciTransport, type UndiciTransportOptions } from './undici-transport.js';
