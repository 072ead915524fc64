import type { Scene, Wallet } from '../../domain/payment';
import type { PaymentStatus } from '../../domain/status';

/** TCC order status codes (doc 2.1): 0 unpaid, 1 paid, 2 canceled, 3 refunded. */
export const tccStatuses = [0, 1, 2, 3] as const;
export type TccStatus = (typeof tccStatuses)[number];

/** Exhaustive: any other code fails parsing and is never guessed. */
export const tccStatusToPayment = {
  0: 'pending',
  1: 'paid',
  2: 'canceled',
  3: 'refunded',
} as const satisfies Record<TccStatus, PaymentStatus>;

export const paymentTypeCodes = [
  'WX_NATIVE',
  'WX_FKM',
  'ALIPAY_FKM',
  'ALIPAY_MOBILE',
  'ALIPAY_PC',
  'UNION_AUTH',
  'UNION_SCAN',
  'OFFLINE_CNY',
  'PRE_CREATE',
] as const;
export type PaymentTypeCode = (typeof paymentTypeCodes)[number];

/** Our scene and wallet → TCC paymentTypeCode (API.md "Scenes and wallets"). */
export const paymentTypeCodeOf = (scene: Scene, wallet: Wallet | null): PaymentTypeCode | undefined => {
  const table: Partial<Record<Scene, Partial<Record<Wallet | 'none', PaymentTypeCode>>>> = {
    barcode: { wechat: 'WX_FKM', alipay: 'ALIPAY_FKM', unionpay: 'UNION_AUTH' },
    qrcode: { wechat: 'WX_NATIVE', unionpay: 'UNION_SCAN' },
    h5: { alipay: 'ALIPAY_MOBILE' },
    pc: { alipay: 'ALIPAY_PC' },
    offline: { none: 'OFFLINE_CNY' },
    precreate: { none: 'PRE_CREATE' },
  };
  return table[scene]?.[wallet ?? 'none'];
};

/** Codes whose pay call carries the payer's barcode (`authCode`). */
export const barcodeCodes: readonly PaymentTypeCode[] = ['WX_FKM', 'ALIPAY_FKM', 'UNION_AUTH'];
/** Codes whose pay call carries `body` (scan and barcode payments). */
export const bodyCodes: readonly PaymentTypeCode[] = ['WX_FKM', 'ALIPAY_FKM', 'UNION_AUTH', 'WX_NATIVE', 'UNION_SCAN'];
/** The only code that allows a partial refund; every other paid code is an online payment. */
export const offlineCodes: readonly PaymentTypeCode[] = ['OFFLINE_CNY'];
