/**
 * `pubnub@7.3.3` (devDependency alias `pubnub-7`, MIT, untyped CommonJS) pointed at a local server, typed for the
 * Access Manager v3 calls and the few others the token tests make. Plain HTTP to `host:port`, no keep-alive (no
 * socket outlives a test). This file is the only place the token tests touch the SDK as `unknown`.
 */
import { createRequire } from 'node:module';

/** Permissions as the SDK takes them. */
type Perms = Readonly<Record<string, boolean>>;
/** Resources or patterns as the SDK takes them. */
export type Sdk7Grants = Readonly<Partial<Record<'channels' | 'groups' | 'uuids', Readonly<Record<string, Perms>>>>>;

/** The calls of pubnub@7.3.3 used by the token tests. */
export interface Sdk7 {
  grantToken(p: {
    ttl: number;
    authorized_uuid?: string;
    resources?: Sdk7Grants;
    patterns?: Sdk7Grants;
    meta?: Record<string, unknown>;
  }): Promise<string>;
  parseToken(token: string): Record<string, unknown> | undefined;
  setToken(token: string): void;
  revokeToken(token: string): Promise<{ status: number; data: { message: string } }>;
  publish(p: { channel: string; message: unknown; meta?: Record<string, unknown> }): Promise<{
    timetoken: number | string;
  }>;
  signal(p: { channel: string; message: unknown }): Promise<unknown>;
  history(p: { channel: string; count?: number }): Promise<{ messages: unknown[] }>;
  hereNow(p: { channels?: string[]; channelGroups?: string[] }): Promise<unknown>;
  /** Channel-group registry calls (issue 12). */
  readonly channelGroups: {
    addChannels(p: { channelGroup: string; channels: string[] }): Promise<unknown>;
    removeChannels(p: { channelGroup: string; channels: string[] }): Promise<unknown>;
    listChannels(p: { channelGroup: string }): Promise<{ channels: string[] }>;
    listGroups(): Promise<{ groups: string[] }>;
    deleteGroup(p: { channelGroup: string }): Promise<unknown>;
  };
  subscribe(p: { channels?: string[]; channelGroups?: string[]; withPresence?: boolean }): void;
  unsubscribeAll(): void;
  addListener(listener: Sdk7Listener): void;
  setFilterExpression(expression: string): void;
  stop(): void;
}

/** A message as `addListener({ message })` hands it over. */
export interface Sdk7Message {
  readonly channel: string;
  readonly subscription: string | null;
  readonly message: unknown;
  readonly publisher?: string;
  readonly userMetadata?: unknown;
}

/** A presence event as `addListener({ presence })` hands it over. */
export interface Sdk7Presence {
  readonly action: string;
  readonly channel: string;
  readonly subscription: string | null;
  readonly uuid: string;
}

/** What `addListener` takes. */
export interface Sdk7Listener {
  message?(m: Sdk7Message): void;
  presence?(p: Sdk7Presence): void;
  status?(s: { category: string; error?: unknown }): void;
}

/** What a rejected SDK call carries. */
export interface Sdk7Error {
  readonly status?: { readonly statusCode?: number; readonly errorData?: unknown };
}

const PubNub = createRequire(import.meta.url)('pubnub-7') as new (config: Record<string, unknown>) => unknown;

/** A pubnub@7.3.3 client for the server at `url`. */
export function pubnub7(options: {
  url: string;
  subscribeKey: string;
  publishKey?: string;
  secretKey?: string;
  uuid: string;
}): Sdk7 {
  const { url, ...keys } = options;
  return new PubNub({ origin: new URL(url).host, ssl: false, keepAlive: false, ...keys }) as Sdk7;
}

/** The HTTP status a pubnub@7.3.3 call failed with. */
export async function sdk7Status(call: Promise<unknown>): Promise<number> {
  try {
    await call;
    return 200;
  } catch (err) {
    return (err as Sdk7Error).status?.statusCode ?? -1;
  }
}
