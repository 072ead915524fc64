/** How long this process trusts what it saw of a tenant's endpoints (as long as API keys are cached). */
export const endpointPresenceTtlMs = 30_000;

/**
 * Whether a tenant has webhook endpoints, as this process last saw within `endpointPresenceTtlMs`: a write adds the
 * `endpoints` outbox entry only for a tenant seen with some, so a tenant without endpoints costs no read and no
 * fan-out. A function may miss an endpoint for up to the TTL, which is why a new endpoint receives events only from
 * `WEBHOOK_ENDPOINT_ACTIVATION_S` (30 s, as long) after its registration.
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
