import { describe, expect, it } from 'vitest';
import * as i18n from '../../../console/i18n.js';
import { eventSources, providers, scenes, wallets } from '../../../lib/domain/payment';
import { reviewReasons } from '../../../lib/domain/review';
import { cancelReasons, paymentStatuses, refundStatuses } from '../../../lib/domain/status';

/** The problem codes the API answers (README, "Errors"), and the console's own for a network failure. */
const problemCodes = [
  'validation_error',
  'unauthorized',
  'forbidden',
  'method_not_allowed',
  'payload_too_large',
  'unsupported_media_type',
  'not_found',
  'duplicate_merchant_order_no',
  'invalid_state',
  'idempotency_in_progress',
  'unsupported_method',
  'provider_rule',
  'refund_exceeds_refundable',
  'idempotency_key_reused',
  'provider_error',
  'provider_unavailable',
  'conflict',
  'internal_error',
  'network',
];

describe('console words', () => {
  it("lists the API's values as lib/domain does", () => {
    expect(i18n.statuses).toEqual([...paymentStatuses]);
    expect(i18n.refundStatuses).toEqual([...refundStatuses]);
    expect(i18n.providers).toEqual([...providers]);
    expect(i18n.reviewReasons).toEqual([...reviewReasons]);
    expect(i18n.scenes).toEqual([...scenes]);
    expect(i18n.wallets).toEqual([...wallets]);
    expect(i18n.eventSources).toEqual([...eventSources]);
    expect(i18n.cancelReasons).toEqual([...cancelReasons]);
  });

  it('has the same keys in Chinese and English, none empty', () => {
    const { zh, en } = i18n.messages;
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
    for (const dictionary of [zh, en]) {
      for (const [key, text] of Object.entries(dictionary)) expect(text.trim(), key).not.toBe('');
    }
  });

  it('translates every status, review reason, provider, event, source and problem code in both languages', () => {
    const keys = [
      ...paymentStatuses.flatMap((s) => [`status.${s}`, `event.payment.${s}`, `said.${s}`]),
      'said.not_found',
      ...refundStatuses.flatMap((s) => [`refundStatus.${s}`, `event.refund.${s}`]),
      ...reviewReasons.flatMap((r) => [`reason.${r}`, `reasonHelp.${r}`]),
      ...providers.flatMap((p) => [`provider.${p}`, `refundRule.${p}`]),
      ...scenes.map((s) => `scene.${s}`),
      ...wallets.map((w) => `wallet.${w}`),
      ...eventSources.map((s) => `source.${s}`),
      ...cancelReasons.map((c) => `cancelReason.${c}`),
      ...problemCodes.map((c) => `problem.${c}`),
      ...['pending', 'delivered', 'abandoned'].map((state) => `delivery.${state}`),
    ];
    for (const lang of ['zh', 'en'] as const) {
      const dictionary = i18n.messages[lang] as Record<string, string>;
      expect(keys.filter((k) => dictionary[k] === undefined)).toEqual([]);
    }
    expect(i18n.messages.zh['status.needs_review']).toBe('待人工复核');
    expect(i18n.messages.en['reason.pay_unknown']).toBe('Payment outcome unknown');
  });

  it('fills parameters, and shows a value without words as itself', () => {
    expect(i18n.translate('zh', 'review.count', { n: 3 })).toBe('共 3 笔（新的在前）');
    expect(i18n.translate('en', 'age.h', { n: 5 })).toBe('5 h');
    expect(i18n.translate('en', 'event.payment.something_new')).toBe('payment.something_new');
    expect(i18n.translate('zh', 'problem.teapot', { status: 418 })).toBe('出错了（HTTP 418）');
  });
});
