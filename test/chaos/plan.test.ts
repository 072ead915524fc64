import { describe, expect, it } from 'vitest';
import { planRun } from '../../chaos/plan';
import { Random } from '../../chaos/prng';

describe('the fault plan', () => {
  it('draws the published mulberry32 sequence from a seed', () => {
    const rng = new Random(1);
    const first = [rng.next(), rng.next(), rng.next()].map((x) => Math.floor(x * 2 ** 32));
    // The reference implementation's (bryc's PRNG collection) first three 32-bit outputs for seed 1.
    expect(first).toEqual([2693262067, 11749833, 2265367787]);
  });

  it('is a pure function of the seed: same seed, same plan; another seed, another plan', () => {
    expect(planRun(7, 500)).toEqual(planRun(7, 500));
    expect(planRun(7, 500).digest).not.toBe(planRun(8, 500).digest);
  });

  it('puts a fault on at least 15 % of 2,000 operations, of every kind, across all providers and scenes', () => {
    const plan = planRun(1, 2000);
    expect(plan.operations).toHaveLength(2000);
    const faults = plan.operations.flatMap((op) => (op.fault ? [op.fault] : []));
    expect(faults.length / plan.operations.length).toBeGreaterThanOrEqual(0.15);
    const kinds = new Set(faults.map((f) => (f.at === 'store' ? `store:${f.source}` : f.kind)));
    expect([...kinds].sort()).toEqual([
      'error',
      'lost',
      'malformed',
      'notify_duplicate',
      'notify_late',
      'notify_lost',
      'pay_during_cancel',
      'slow',
      'store:api',
      'store:webhook',
    ]);
    const methods = new Set(plan.payments.map((p) => `${p.provider}/${p.scene}/${p.authCode?.slice(0, 4) ?? '-'}`));
    for (const m of [
      'shouqianba/barcode/1399',
      'shouqianba/barcode/1388',
      'shouqianba/barcode/1300',
      'shouqianba/barcode/1377',
      'shouqianba/qrcode/-',
      'tcc/qrcode/-',
      'tcc/barcode/1399',
      'tcc/offline/-',
      'zhixiao/h5/-',
    ]) {
      expect(methods).toContain(m);
    }
    expect(new Set(plan.operations.map((op) => op.kind)).size).toBe(10);
  });

  it('only acts on payments already created, and sends repays and late money to TCC, notifies to Zhixiao', () => {
    const plan = planRun(3, 1000);
    const created = new Set<number>();
    for (const op of plan.operations) {
      if (op.kind === 'reconcile') continue;
      if (op.kind === 'create') created.add(op.payment);
      else expect(created.has(op.payment)).toBe(true);
      const provider = plan.payments[op.payment]?.provider;
      if (op.kind === 'repay' || op.kind === 'pay_after_cancel') expect(provider).toBe('tcc');
      if (op.kind === 'notify') expect(provider).toBe('zhixiao');
    }
  });
});
