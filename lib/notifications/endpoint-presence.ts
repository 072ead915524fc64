import type { OutboxEntry } from '../domain/payment';

/** How long this process trusts what it saw of a tenant's endpoints (as long as API keys are cached). */
export const endpointPresenceTtlMs = 30_000;

/**
 * Whether a tenant has webhook endpoints, as this process last saw within `endpointPresenceTtlMs`. It decides only
 * when an event's `endpoints` outbox entry is handed to the delivery queue, never whether the entry is written: the
 * entry is always in the payment, so a stale answer delays the fan-out to the reconciler's next pass and loses
 * nothing.
 */
export class EndpointPresence {
  private readonly seen = new Map<string, { has: boolean; until: number }>();

  constructor(
    private readonly list: (tenantId: string) => Promise<readonly unknown[]>,
    private readonly now: () => number = Date.now,
  ) {}

  async has(tenantId: string): Promise<boolean> {
    const known = this.seen.get(tenantId);
    if (known && known.until > this.now()) return known.has;
    const has = (await this.list(tenantId)).length > 0;
    this.seen.set(tenantId, { has, until: this.now() + endpointPresenceTtlMs });
    return has;
  }

  /** Forgets what this process saw of the tenant: it has just registered an endpoint. */
  forget(tenantId: string): void {
    this.seen.delete(tenantId);
  }
}

/**
 * The new outbox entries a write hands to the queue at once: every one, except the `endpoints` entries of a tenant
 * seen without endpoints (a fan-out there would only drop them). Those wait in the outbox for the reconciler, which
 * queues first attempts the queue has not taken within a minute; if the tenant has registered an endpoint since, it
 * gets the event then. When the look-up fails, everything is handed over.
 */
export const entriesToHandOver = async (
  presence: Pick<EndpointPresence, 'has'>,
  tenantId: string,
  added: readonly OutboxEntry[],
): Promise<readonly OutboxEntry[]> => {
  if (!added.some((e) => e.destination === 'endpoints')) return added;
  const hasEndpoints = await presence.has(tenantId).catch(() => true);
  return hasEndpoints ? added : added.filter((e) => e.destination !== 'endpoints');
};
