// At most one push per item per window: the first change of an item goes out after a short gathering
// time (so the changes of one moment — a phone ringing and at once answered — travel as one); later ones
// within the window wait for it to end and go out together, with the item as it is then.

export class Coalescer {
  #lastSent = new Map<string, number>();
  #pending = new Map<string, NodeJS.Immediate | NodeJS.Timeout>();

  constructor(
    private readonly windowMs: number,
    private readonly flush: (key: string) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly gatherMs = 20,
  ) {}

  changed(key: string): void {
    if (this.#pending.has(key)) return;
    const wait = Math.max(this.gatherMs, (this.#lastSent.get(key) ?? -Infinity) + this.windowMs - this.now());
    const send = () => {
      this.#pending.delete(key);
      this.#lastSent.set(key, this.now());
      this.flush(key);
    };
    this.#pending.set(key, wait <= 0 ? setImmediate(send) : setTimeout(send, wait));
  }

  stop(): void {
    for (const handle of this.#pending.values()) {
      clearImmediate(handle as NodeJS.Immediate);
      clearTimeout(handle as NodeJS.Timeout);
    }
    this.#pending.clear();
  }
}
