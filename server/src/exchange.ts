/**
 * The two contexts every handler receives: the `Exchange` (one request and its response, already routed and
 * decoded) and the `Services` (the server's shared state). Handlers are plain functions of both, so each endpoint
 * file is small and testable over real HTTP without any framework.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@pubkit/core';
import type { AccessControl } from './access-control.js';
import type { ChannelGroupRegistry } from './channel-groups.js';
import type { ChannelTable } from './channel-table.js';
import type { FileService } from './files/file-service.js';
import type { MessageBus } from './message-bus.js';
import type { ResolvedOptions } from './options.js';
import type { PresenceRegistry } from './presence-registry.js';
import { reply } from './reply.js';
import type { ObjectsStore } from './storage/objects-store.js';
import type { Storage } from './storage/storage.js';
import type { SubscribeRegistry } from './subscribe-registry.js';
import type { TimetokenSource } from './timetoken-source.js';

/** One routed request. */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The path exactly as sent, still percent-encoded (signatures are computed over it, docs/protocol.md §6.4). */
  readonly rawPath: string;
  /** Form-decoded query (`+` is a space, docs/protocol.md §2.8). Unknown parameters are simply never read (§1.3). */
  readonly query: Readonly<Record<string, string>>;
  /** Decoded path parameters named by the route pattern. */
  readonly params: Readonly<Record<string, string>>;
  /** The decoded request body, for routes that read one. */
  readonly body: string | undefined;
  /** Sends the response (common headers added, docs/protocol.md §1.4). */
  reply(status: number, body: string): void;
}

/**
 * The router's `Exchange`: a class, so a request costs one object with one shared `reply` method rather than a
 * literal and a closure (docs/performance.md §3, publish ingest).
 */
export class RoutedExchange implements Exchange {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly method: string,
    readonly rawPath: string,
    readonly query: Readonly<Record<string, string>>,
    readonly params: Readonly<Record<string, string>>,
    readonly body: string | undefined,
  ) {}

  /** The same request with its decoded body. */
  withBody(body: string): RoutedExchange {
    return new RoutedExchange(this.req, this.res, this.method, this.rawPath, this.query, this.params, body);
  }

  reply(status: number, body: string): void {
    reply(this.res, status, body);
  }
}

/** The server's shared state, created once by `startServer`. */
export interface Services {
  readonly options: ResolvedOptions;
  readonly logger: Logger;
  readonly tokens: TimetokenSource;
  readonly table: ChannelTable;
  readonly bus: MessageBus;
  /** History, message actions and records (memory or SQLite, `storage/storage.ts`). */
  readonly store: Storage;
  /** Channel groups of every subscribe key (`channel-groups.ts`). */
  readonly groups: ChannelGroupRegistry;
  readonly registry: SubscribeRegistry;
  readonly presence: PresenceRegistry;
  readonly access: AccessControl;
  /** App Context: users, channels, memberships (`storage/objects-store.ts`). */
  readonly objects: ObjectsStore;
  /** Uploaded files: signing secret, bodies, records and their byte budget (`files/file-service.ts`). */
  readonly files: FileService;
  /** Server clock in milliseconds. */
  nowMs(): number;
}

/** An endpoint. */
export type Handler = (ex: Exchange, services: Services) => void | Promise<void>;
