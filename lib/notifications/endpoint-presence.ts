/**
 * How long this process trusts what it saw of a tenant's endpoints, counted from when it asked. New endpoints become
 * active 30 s after registration (`WEBHOOK_ENDPOINT_ACTIVATION_S`): the 5 s between the two cover clock skew
 * between functions and a slow look-up.
 */
export const endpointPresenceTtlMs = 25_000;

/**
 * Whether a tenant has webhook endpoints, as this process last saw within `endpointPresenceTtlMs`: a write adds the
 * `endpoints` outbox entry only for a tenant seen with some, so a tenant without endpoints costs no read and no
 * fan-out. An endpoint registered after a look-up that saw none becomes active only after that look-up has expired
 * everywhere, so no event it is owed is written without its entry.
 */
export class EndpointPresence {
  private readonly seen = new Map<string, { has: boolean; until: number }>();
  /** Bumped by `forget`, so a look-up that was under way then does not store what it saw. */
  private generation = 0;

  constructor(
    private readonly list: (tenantId: string) => Promise<readonly unknown[]>,
    private readonly now: () => number = Date.now,
  ) {}

  async has(tenantId: string): Promise<boolean> {
    const known = this.seen.get(tenantId);
    if (known && known.until > this.now()) return known.has;
    const asked = this.now();
    const generation = this.generation;
    const has = (await this.list(tenantId)).length > 0;
    if (generation === this.generation) this.seen.set(tenantId, { has, until: asked + endpointPresenceTtlMs });
    return has;
  }

  /** Forgets what this process saw of the tenant: it has just registered an endpoint. */
  forget(tenantId: string): void {
    this.seen.delete(tenantId);
    this.generation++;
  }
}
