/**
 * Remembers the newest `capacity` webhook delivery ids, so a redelivery (GitHub's
 * "Redeliver" keeps the X-GitHub-Delivery id) is handled once. Bounded: the oldest id is
 * forgotten first; a very late redelivery is then handled again, which the engine's
 * claims make harmless.
 */
export class DeliveryDedupe {
  /** Each remembered id and its slot in the ring. */
  private readonly ids = new Map<string, number>();
  // A ring of insertion order. Evicting through a Map's first key instead costs more and
  // more: the deleted entries at its front are skipped on every lookup until it rehashes.
  private readonly ring: (string | undefined)[];
  private next = 0;

  constructor(private readonly capacity = 10_000) {
    this.ring = new Array<string | undefined>(capacity);
  }

  /** True when `id` was seen before; otherwise records it. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    const evicted = this.ring[this.next];
    if (evicted !== undefined) this.ids.delete(evicted);
    this.ring[this.next] = id;
    this.ids.set(id, this.next);
    this.next = (this.next + 1) % this.capacity;
    return false;
  }

  /** Forgets `id`, so a redelivery of a delivery whose handling failed is tried again. */
  forget(id: string): void {
    const slot = this.ids.get(id);
    if (slot === undefined) return;
    this.ring[slot] = undefined;
    this.ids.delete(id);
  }

  get size(): number {
    return this.ids.size;
  }
}
