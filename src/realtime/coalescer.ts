// At most one push per item per window: the first change of an item goes out after a short gathering
// time (so the changes of one moment — a phone ringing and at once answered — travel as one); later ones
// within the window wait for it to end and go out together, with the item as it is then.

export class Coalescer {
  #lastSent = new Map<string, number>();
  /** How to cancel each item's pending send. */
  #pending = new Map<string, () => void>();

  constructor(
    private readonly windowMs: number,
    private readonly flush: (key: string) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly gatherMs = 20,
  ) {}

  changed(key: string): void {
    if (this.#pending.has(key)) return;
    if (this.#lastSent.size >= 1_000) this.#forgetOld();
    const wait = Math.max(this.gatherMs, (this.#lastSent.get(key) ?? -Infinity) + this.windowMs - this.now());
    const send = () => {
      this.#pending.delete(key);
      this.#lastSent.set(key, this.now());
      this.flush(key);
    };
    // Each handle is cancelled by its own kind: clearImmediate() given a Timeout corrupts Node's count of
    // pending immediates, and later setImmediate callbacks in the process may then never run.
    if (wait <= 0) {
      const immediate = setImmediate(send);
      this.#pending.set(key, () => clearImmediate(immediate));
    } else {
      const timeout = setTimeout(send, wait);
      this.#pending.set(key, () => clearTimeout(timeout));
    }
  }

  /** How many items' last send is remembered (bounded: see #forgetOld). */
  get remembered(): number {
    return this.#lastSent.size;
  }

  /** Items sent longer than a window ago wait no more than new ones: forget them (callers' keys never come back). */
  #forgetOld(): void {
    const before = this.now() - this.windowMs;
    for (const [key, at] of this.#lastSent) if (at <= before) this.#lastSent.delete(key);
  }

  stop(): void {
    for (const cancel of this.#pending.values()) cancel();
    this.#pending.clear();
  }
}
