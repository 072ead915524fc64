import { providers, scenes, wallets } from '../domain/payment';
import * as z from '../zod';
import { named } from './components';
import { invoiceSchema } from './invoice-schema';
import { authCode, described, fen, httpUrl, reference, safeWebhookUrl, text, utf8Bytes } from './schema-parts';

/** The create-payment request: the common fields and each provider's own. */

/** The most a free-form object (TCC item `data`) may hold, as JSON. */
const maxFreeFormBytes = 4096;

/** DynamoDB numbers stop near 1e-130 and JSON numbers past 2^53 lose digits: refuse both rather than fail later. */
const storableNumber = (n: number) => n === 0 || (Math.abs(n) <= Number.MAX_SAFE_INTEGER && Math.abs(n) >= 1e-100);

/** A JSON object passed through as it is, bounded in size and in its numbers so it always fits the store. */
const freeFormObject = described(
  `Passed to TCC as it is: at most ${maxFreeFormBytes} bytes as JSON, nested at most 8 levels below the request ` +
    'body, numbers 0 or between 1e-100 and 2^53 - 1 in magnitude.',
  z.record(z.string(), z.unknown()).check(
    z.superRefine((value, ctx) => {
      let badNumber = false;
      const serialized = JSON.stringify(value, (_key, v) => {
        if (typeof v === 'number' && !storableNumber(v)) badNumber = true;
        return v;
      });
      if (utf8Bytes(serialized) > maxFreeFormBytes) {
        ctx.addIssue({ code: 'custom', message: `at most ${maxFreeFormBytes} bytes as JSON` });
      }
      if (badNumber) {
        ctx.addIssue({ code: 'custom', message: 'numbers must be 0 or between 1e-100 and 2^53 - 1 in magnitude' });
      }
    }),
  ),
);

const int = () => z.number().check(z.int());

const tccInputSchema = described(
  'TCC settlement fields, only for provider tcc: orgId, userId, userType and financialType are required.',
  z.strictObject({
    orgId: int(),
    userId: z.optional(int()),
    userType: z.optional(int()),
    financialType: z.optional(text(32)),
    globalid: z.optional(text(64)),
    kpSign: z.optional(int()),
    remark: z.optional(text(256)),
    items: described(
      'Each item becomes one element of TCC `content` (its `fee` in yuan); amounts add up to `amount`.',
      z.optional(
        z
          .array(z.strictObject({ amount: fen(), data: z._default(freeFormObject, {}) }))
          .check(z.minLength(1), z.maxLength(50)),
      ),
    ),
  }),
);

const zhixiaoInputSchema = described(
  'Zhixiao fields, only for provider zhixiao.',
  z.strictObject({
    userNo: z.optional(text(64)),
    userName: z.optional(text(64)),
    returnUrl: described('Where the hosted page sends the payer back: an http(s) URL.', z.optional(httpUrl)),
    openid: described('Required for the miniprogram scene (WeChat only).', z.optional(text(128))),
    invoice: z.optional(invoiceSchema),
  }),
);

const shouqianbaInputSchema = described(
  'Shouqianba fields, only for provider shouqianba, passed on as they are.',
  z.strictObject({
    description: z.optional(text(256)),
    reflect: z.optional(text(64)),
    extended: z.optional(text(256)),
    longitude: z.optional(text(32)),
    latitude: z.optional(text(32)),
    deviceId: z.optional(text(32)),
  }),
);

export const createPaymentSchema = named(
  'CreatePaymentRequest',
  z
    .strictObject({
      provider: z.enum(providers),
      scene: described('GET /v1/capabilities lists the scenes and wallets of each provider.', z.enum(scenes)),
      wallet: described('Required where the capabilities say walletRequired.', z.optional(z.enum(wallets))),
      amount: described(
        'Integer fen (分). TCC: below 1,000,000; Shouqianba: at most 10 digits (422 provider_rule).',
        fen(),
      ),
      merchantOrderNo: described(
        'Your order number, unique per tenant (409 duplicate_merchant_order_no): letters, digits and - _ . : /',
        reference(64),
      ),
      subject: described(
        'At most 512 UTF-8 bytes; Zhixiao at most 128 UTF-8 bytes, Shouqianba at most 64 characters.',
        text(256).check(z.refine((s) => utf8Bytes(s) <= 512, 'at most 512 UTF-8 bytes')),
      ),
      authCode: z.optional(authCode),
      operator: described('Who takes the payment; required for tcc and shouqianba.', z.optional(text(32))),
      notifyUrl: described(
        'An http(s) URL that receives every status change as a signed event (public addresses only).',
        z.optional(z.pipe(httpUrl, safeWebhookUrl)),
      ),
      metadata: described(
        'Your own strings, returned as given: at most 50 keys of 1-40 characters, values at most 500.',
        z.optional(
          z
            .record(text(40), z.string().check(z.maxLength(500)))
            .check(z.refine((m) => Object.keys(m).length <= 50, 'at most 50 keys')),
        ),
      ),
      tcc: z.optional(tccInputSchema),
      zhixiao: z.optional(zhixiaoInputSchema),
      shouqianba: z.optional(shouqianbaInputSchema),
    })
    .check(
      z.superRefine((b, ctx) => {
        if (b.scene === 'barcode' && !b.authCode) {
          ctx.addIssue({ code: 'custom', path: ['authCode'], message: 'authCode is required for the barcode scene' });
        }
        if (b.scene !== 'barcode' && b.authCode) {
          ctx.addIssue({ code: 'custom', path: ['authCode'], message: 'authCode is only for the barcode scene' });
        }
        if ((b.provider === 'tcc' || b.provider === 'shouqianba') && !b.operator) {
          ctx.addIssue({ code: 'custom', path: ['operator'], message: `operator is required for ${b.provider}` });
        }
        for (const key of ['tcc', 'zhixiao', 'shouqianba'] as const) {
          if (b[key] && b.provider !== key) {
            ctx.addIssue({ code: 'custom', path: [key], message: `${key} fields are only for provider ${key}` });
          }
        }
        if (b.provider === 'tcc') {
          for (const field of ['orgId', 'userId', 'userType', 'financialType'] as const) {
            if (b.tcc?.[field] === undefined) {
              ctx.addIssue({
                code: 'custom',
                path: ['tcc', field],
                message: `tcc.${field} is required for provider tcc`,
              });
            }
          }
        }
        const items = b.tcc?.items;
        if (items && items.reduce((sum, i) => sum + i.amount, 0) !== b.amount) {
          ctx.addIssue({ code: 'custom', path: ['tcc', 'items'], message: 'item amounts must add up to amount' });
        }
      }),
    ),
);
