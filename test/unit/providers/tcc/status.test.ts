import { describe, expect, it } from 'vitest';
import { fenToYuan, yuanToFen } from '../../../../lib/domain/money';
import { paymentTypeCodeOf, tccStatuses, tccStatusToPayment } from '../../../../lib/providers/tcc/status';

describe('TCC status and payment type maps', () => {
  it('maps every TCC status code as PROVIDERS.md decides', () => {
    expect(tccStatusToPayment).toEqual({ 0: 'pending', 1: 'paid', 2: 'canceled', 3: 'refunded' });
    expect(Object.keys(tccStatusToPayment).map(Number)).toEqual([...tccStatuses]);
  });

  it('turns each scene and wallet of API.md into its paymentTypeCode, and nothing else', () => {
    expect([
      paymentTypeCodeOf('barcode', 'wechat'),
      paymentTypeCodeOf('barcode', 'alipay'),
      paymentTypeCodeOf('barcode', 'unionpay'),
      paymentTypeCodeOf('qrcode', 'wechat'),
      paymentTypeCodeOf('qrcode', 'unionpay'),
      paymentTypeCodeOf('h5', 'alipay'),
      paymentTypeCodeOf('pc', 'alipay'),
      paymentTypeCodeOf('offline', null),
      paymentTypeCodeOf('precreate', null),
    ]).toEqual([
      'WX_FKM',
      'ALIPAY_FKM',
      'UNION_AUTH',
      'WX_NATIVE',
      'UNION_SCAN',
      'ALIPAY_MOBILE',
      'ALIPAY_PC',
      'OFFLINE_CNY',
      'PRE_CREATE',
    ]);
    expect(paymentTypeCodeOf('qrcode', 'alipay')).toBeUndefined();
    expect(paymentTypeCodeOf('miniprogram', 'wechat')).toBeUndefined();
  });

  it('converts fen → yuan → fen exactly for every amount TCC accepts (1 to 999999)', () => {
    for (let fen = 1; fen <= 999_999; fen++) {
      if (yuanToFen(fenToYuan(fen)) !== fen) throw new Error(`not exact at ${fen}`);
    }
    expect(fenToYuan(999_999)).toBe('9999.99');
  });
});
