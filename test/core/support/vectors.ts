/**
 * Loads the JSON vector tables under `test/core/vectors/` (docs/protocol.md §6.3, §7.4), typed, so the suites iterate
 * rows instead of repeating literals.
 */
import { readFileSync } from 'node:fs';

/** One row of `signature-vectors.json`. */
export interface SignatureVector {
  readonly id: string;
  readonly dialect: 'v1' | 'v2';
  readonly note: string;
  readonly secretKey: string;
  /** The string to sign exactly as docs/protocol.md §6.3 gives it. */
  readonly stringToSign: string;
  /** The signature exactly as published (S7 is standard base64). */
  readonly signature: string;
  /** For S7: the url-safe form the server compares. */
  readonly normalized?: string;
  /** The same request as data: decoded query values. */
  readonly input: {
    readonly method?: string;
    readonly subscribeKey: string;
    readonly publishKey: string;
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
  };
  /** v2 only: how the request was sent (S11 was POSTed). */
  readonly sent?: { readonly method: 'GET' | 'POST'; readonly body?: string };
  readonly source: string;
}

/** One row of `cipher-vectors.json`. */
export interface CipherVector {
  readonly id: string;
  readonly mode: 'static' | 'random' | 'acrh';
  readonly cipherKey: string;
  /** The text whose UTF-8 bytes were encrypted. */
  readonly plaintext: string;
  /** False for rows encrypted without JSON-encoding (C6, C22–C26). */
  readonly plaintextIsJson: boolean;
  readonly ciphertext: string;
  /** The IV the source used, when known. */
  readonly iv?: { readonly ascii?: string; readonly hex?: string };
  /** Whether encryption must reproduce `ciphertext` exactly. */
  readonly encryptExact: boolean;
  readonly note?: string;
  readonly source: string;
}

function load<T>(name: string): readonly T[] {
  const text = readFileSync(new URL(`../vectors/${name}`, import.meta.url), 'utf8');
  return (JSON.parse(text) as { vectors: T[] }).vectors;
}

/** docs/protocol.md §6.3 S1–S15. */
export const signatureVectors: readonly SignatureVector[] = load<SignatureVector>('signature-vectors.json');
/** docs/protocol.md §7.4 C1–C27. */
export const cipherVectors: readonly CipherVector[] = load<CipherVector>('cipher-vectors.json');
