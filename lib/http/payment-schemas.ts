import * as z from 'zod';
import { providers, scenes, wallets } from '../domain/payment';
import { named } from './components';
import { invoiceSchema } from './invoice-schema';
import { authCode, fen, httpUrl, reference, safeWebhookUrl, text, utf8Bytes } from './schema-parts';

/** The create-payment request: the common fields and each provider's own. */

/** The most a free-form object (TCC item `data`) may hold, as JSON. */
const maxFreeFormBytes = 4096;

/** DynamoDB numbers stop near 1e-130 and JSON numbers past 2^53 lose digits: refuse both rather than fail later. */
const storableNumber = (n: number) => n === 0 || (Math.abs(n) <= Number.MAX_SAFE_INTEGER && Math.abs(n) >= 1e-100);

/** A JSON object passed through as it is, bounded in size and in its numbers so it always fits the store. */
const freeFormObject = z
  .record(z.string(), z.unknown())
  .superRefine((value, ctx) => {
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
  })
  .describe(
    `Passed to TCC as it is: at most ${maxFreeFormBytes} bytes as JSON, nested at most 8 levels below the request ` +
      'body, numbers 0 or between 1e-100 and 2^53 - 1 in magnitude.',
  );

const tccInputSchema = z
  .strictObject({
    orgId: z.number().int(),
    userId: z.number().int().optional(),
    userType: z.number().int().optional(),
    financialType: text(32).optional(),
    globalid: text(64).optional(),
    kpSign: z.number().int().optional(),
    remark: text(256).optional(),
    items: z
      .array(z.strictObject({ amount: fen(), data: freeFormObject.default({}) }))
      .min(1)
      .max(50)
      .optional()
      .describe('Each item becomes one element of TCC `content` (its `fee` in yuan); amounts add up to `amount`.'),
  })
  .describe('TCC settlement fields, only for provider tcc: orgId, userId, userType and financialType are required.');

const zhixiaoInputSchema = z
  .strictObject({
    userNo: text(64).optional(),
    userName: text(64).optional(),
    returnUrl: httpUrl.optional().describe('Where the hosted page sends the payer back: an http(s) URL.'),
    openid: text(128).optional().describe('Required for the miniprogram scene (WeChat only).'),
    invoice: invoiceSchema.optional(),
  })
  .describe('Zhixiao fields, only for provider zhixiao.');

const shouqianbaInputSchema = z
  .strictObject({
    description: text(256).optional(),
    reflect: text(64).optional(),
    extended: text(256).optional(),
    longitude: text(32).optional(),
    latitude: text(32).optional(),
    deviceId: text(32).optional(),
  })
  .describe('Shouqianba fields, only for provider shouqianba, passed on as they are.');

export const createPaymentSchema = named(
  'CreatePaymentRequest',
  z
    .strictObject({
      provider: z.enum(providers),
      scene: z.enum(scenes).describe('GET /v1/capabilities lists the scenes and wallets of each provider.'),
      wallet: z.enum(wallets).optional().describe('Required where the capabilities say walletRequired.'),
      amount: fen().describe(
        'Integer fen (分). TCC: below 1,000,000; Shouqianba: at most 10 digits (422 provider_rule).',
      ),
      merchantOrderNo: reference(64).describe(
        'Your order number, unique per tenant (409 duplicate_merchant_order_no): letters, digits and - _ . : /',
      ),
      subject: text(256)
        .refine((s) => utf8Bytes(s) <= 512, 'at most 512 UTF-8 bytes')
        .describe('At most 512 UTF-8 bytes; Zhixiao at most 128 UTF-8 bytes, Shouqianba at most 64 characters.'),
      authCode: authCode.optional(),
      operator: text(32).optional().describe('Who takes the payment; required for tcc and shouqianba.'),
      notifyUrl: httpUrl
        .pipe(safeWebhookUrl)
        .optional()
        .describe('An http(s) URL that receives every status change as a signed event (public addresses only).'),
      metadata: z
        .record(text(40), z.string().max(500))
        .refine((m) => Object.keys(m).length <= 50, 'at most 50 keys')
        .optional()
        .describe('Your own strings, returned as given: at most 50 keys of 1-40 characters, values at most 500.'),
      tcc: tccInputSchema.optional(),
      zhixiao: zhixiaoInputSchema.optional(),
      shouqianba: shouqianbaInputSchema.optional(),
    })
    .superRefine((b, ctx) => {
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
);
