import type { PaymentStatus } from '../../domain/status';

/** Query 2.2 `status`: "1" waiting for the payer, "2" paid, "3" failed. */
export const zhixiaoStatuses = ['1', '2', '3'] as const;
export type ZhixiaoStatus = (typeof zhixiaoStatuses)[number];

/** Exhaustive: any other value fails parsing and is never guessed. */
export const zhixiaoStatusToPayment = {
  '1': 'pending',
  '2': 'paid',
  '3': 'failed',
} as const satisfies Record<ZhixiaoStatus, PaymentStatus>;

/** `ret_code`: 0 success, -1 error, -2 parameter check failed, -3 account frozen. */
export const retCodes = { success: '0', error: '-1', badParameter: '-2', frozen: '-3' } as const;

/** `pay_type` of a mini-program payment, and `payer_type` / `pay_type` of an invoice. */
export const payTypeOf = { wechat: 1, alipay: 2 } as const;
export const payerTypeOf = { personal: 1, company: 2 } as const;
