/**
 * What every `build*` function needs besides its own parameters: keys, identity and timeouts. A client has one
 * context; a per-request view (docs/architecture.md §6) is the same context with its own `uuid` and `authKey`.
 */

/** Encrypts and decrypts message payloads (see `cipher/`). Both sides work on JSON text. */
export interface MessageCipher {
  /** Encrypts the JSON text of a message; returns the base64 ciphertext. */
  encrypt(plaintextJson: string): string;
  /**
   * Decrypts a base64 ciphertext; returns the plaintext JSON text.
   * @throws PubnubCryptoError when the input is not ciphertext for this key
   */
  decrypt(ciphertext: string): string;
}

/** Per-client request context. */
export interface RequestContext {
  readonly publishKey: string;
  readonly subscribeKey: string;
  readonly uuid: string;
  /** Sent as `auth` on every request except `/time` and `/v2/auth/*` when set. */
  readonly authKey?: string | undefined;
  /** `pnsdk` query value, e.g. `PubKit-Node/0.1.0`. */
  readonly pnsdk: string;
  /** Timeout for every non-subscribe request. */
  readonly requestTimeoutMs: number;
  /** Timeout for a subscribe long-poll (longer than the server's hold). */
  readonly subscribeTimeoutMs: number;
  /** Set when the client has a cipher key: publish encrypts, subscribe and history decrypt. */
  readonly cipher?: MessageCipher | undefined;
}
