// The core compiles without Node's types so that no Node API can slip in. These two WHATWG globals exist in
// every runtime pubkit targets (Node >= 20, browsers) and are the only host objects the core touches.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
