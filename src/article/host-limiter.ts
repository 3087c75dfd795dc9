/** Caps concurrent work per host in this process, so a feed with fifty new items does not open fifty connections to one site. */
export interface HostLimiter {
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
  /** Tasks running or waiting for a host (for tests and status). */
  pending(host: string): number;
}

interface HostSlot {
  active: number;
  waiting: (() => void)[];
}

/** A FIFO limiter: at most maxPerHost tasks per host run at once; the rest wait their turn. */
export function createHostLimiter(maxPerHost: number): HostLimiter {
  const limit = Math.max(1, Math.floor(maxPerHost));
  const slots = new Map<string, HostSlot>();
  const release = (host: string, slot: HostSlot): void => {
    const next = slot.waiting.shift();
    if (next !== undefined) {
      next();
      return;
    }
    slot.active--;
    // Drop idle hosts so the map stays as small as the set of hosts in flight.
    if (slot.active === 0) slots.delete(host);
  };
  return {
    async run<T>(host: string, task: () => Promise<T>): Promise<T> {
      let slot = slots.get(host);
      if (slot === undefined) {
        slot = { active: 0, waiting: [] };
        slots.set(host, slot);
      }
      if (slot.active < limit) slot.active++;
      // A released slot is handed over directly (active stays counted), keeping FIFO order.
      else await new Promise<void>((resolve) => slot.waiting.push(resolve));
      try {
        return await task();
      } finally {
        release(host, slot);
      }
    },
    pending(host: string): number {
      const slot = slots.get(host);
      return slot === undefined ? 0 : slot.active + slot.waiting.length;
    },
  };
}
