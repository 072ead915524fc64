import type { PaymentsRepository } from '../lib/store/payments-repository';
import type { TenantStore } from '../lib/store/tenants';
import type { PaymentLookup } from '../sandbox/server';

const pageSize = 100;

/**
 * The sandbox page's read-only look-up of a payment, by its id or by a TCC orderId. Shouqianba and Zhixiao orders
 * carry the payment id (client_sn, out_trade_no); a TCC order carries nothing of ours (`remark` and `globalid` are
 * the caller's own fields), so its orderId is found in `providerRefs` by reading every tenant's listing, newest
 * first. The table has no index by provider reference, and one is not worth its write cost for a local page: an
 * orderId never changes once stored, so every mapping a scan passes is remembered, and only an order paybridge does
 * not know (one made straight against the sandbox) is scanned for again.
 */
export const paymentLookup = (repo: PaymentsRepository, tenants: TenantStore): PaymentLookup => {
  const idByOrderRef = new Map<string, string>();

  const scanFor = async (orderRef: string): Promise<string | undefined> => {
    for (const tenant of await tenants.list()) {
      let cursor: string | undefined;
      do {
        const page = await repo.list({ tenantId: tenant.id, limit: pageSize, cursor });
        for (const p of page.data) if (p.providerRefs.orderId) idByOrderRef.set(p.providerRefs.orderId, p.id);
        if (idByOrderRef.has(orderRef)) return idByOrderRef.get(orderRef);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
    }
    return undefined;
  };

  return async (ref) => {
    const direct = await repo.get(ref);
    if (direct) return { id: direct.id, status: direct.status };
    const id = idByOrderRef.get(ref) ?? (await scanFor(ref));
    const p = id ? await repo.get(id) : undefined;
    return p && { id: p.id, status: p.status };
  };
};
