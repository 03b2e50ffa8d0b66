/**
 * The channels of one socket and a mode for each (pending or live, `session.ts`), in join order.
 *
 * Why not just a `Map`: most sockets are on one channel, and a `Map` costs about 180 bytes even for one entry,
 * more than the rest of a socket's record (docs/performance.md §8). One channel is held in a field; a second moves
 * them all into a `Map`, which is dropped again when the socket leaves its last channel. A base class rather than
 * a member object, so the fields sit in the session itself and cost no object of their own.
 */

/** What a mode must say: its channel. */
export interface ChannelMode {
  readonly channel: string;
}

/** One socket's channels and their modes; the session extends it. */
export class ChannelModes<M extends ChannelMode> {
  #one: M | undefined;
  #many: Map<string, M> | undefined;

  /** Channels, in join order (a mode replaced by `setMode` keeps its channel's place). */
  channels(): string[] {
    if (this.#many !== undefined) return [...this.#many.keys()];
    return this.#one === undefined ? [] : [this.#one.channel];
  }

  /** Number of channels. */
  get channelCount(): number {
    return this.#many?.size ?? (this.#one === undefined ? 0 : 1);
  }

  /** True when on `channel`. */
  has(channel: string): boolean {
    return this.modeOf(channel) !== undefined;
  }

  /** The mode of `channel`, if on it. */
  protected modeOf(channel: string): M | undefined {
    if (this.#many !== undefined) return this.#many.get(channel);
    return this.#one?.channel === channel ? this.#one : undefined;
  }

  /** Sets the mode of `mode.channel`: a new channel goes last, a present one keeps its place. */
  protected setMode(mode: M): void {
    if (this.#many !== undefined) {
      this.#many.set(mode.channel, mode);
    } else if (this.#one === undefined || this.#one.channel === mode.channel) {
      this.#one = mode;
    } else {
      this.#many = new Map([
        [this.#one.channel, this.#one],
        [mode.channel, mode],
      ]);
      this.#one = undefined;
    }
  }

  /** Forgets `channel`; answers the mode it had. */
  protected dropMode(channel: string): M | undefined {
    const mode = this.modeOf(channel);
    if (mode === undefined) return undefined;
    if (this.#many === undefined) {
      this.#one = undefined;
    } else {
      this.#many.delete(channel);
      if (this.#many.size === 0) this.#many = undefined;
    }
    return mode;
  }
}
