// Who is in which queue, as Asterisk last told us. Rebuilt from QueueStatus after every (re)connect.
import type { MemberEvent, QueueMember } from './queue-events.ts';

type Listener = (event: MemberEvent) => void;

export class QueueMembership {
  #members = new Map<string, QueueMember>();
  #listeners = new Set<Listener>();

  static key(queue: string, agentInterface: string): string {
    return `${queue}\u0000${agentInterface.toLowerCase()}`;
  }

  replaceAll(members: QueueMember[]): void {
    this.#members = new Map(members.map((member) => [QueueMembership.key(member.queue, member.agentInterface), member]));
  }

  clear(): void {
    this.#members.clear();
  }

  apply(event: MemberEvent): void {
    const key = QueueMembership.key(event.queue, event.agentInterface);
    const { type: _type, ...member } = event;
    if (event.type === 'member-removed') this.#members.delete(key);
    else if (event.type === 'member-added' || this.#members.has(key)) this.#members.set(key, member);
    for (const listener of this.#listeners) listener(event);
  }

  get(queue: string, agentInterface: string): QueueMember | undefined {
    return this.#members.get(QueueMembership.key(queue, agentInterface));
  }

  all(): QueueMember[] {
    return [...this.#members.values()];
  }

  /** Resolves when a member event satisfies `matches`; rejects after `timeoutMs`. Register before acting. */
  waitFor(matches: (event: MemberEvent) => boolean, timeoutMs: number, what: string): { done: Promise<MemberEvent>; cancel: () => void } {
    let cancel = () => {};
    const done = new Promise<MemberEvent>((resolve, reject) => {
      const listener: Listener = (event) => {
        if (!matches(event)) return;
        cancel();
        resolve(event);
      };
      const timer = setTimeout(() => {
        cancel();
        reject(new Error(`Asterisk did not confirm ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      cancel = () => {
        clearTimeout(timer);
        this.#listeners.delete(listener);
      };
      this.#listeners.add(listener);
    });
    return { done, cancel };
  }
}
