import { deliveryPolicyOf, urlProblem } from '../notifications/url-policy';
import * as z from '../zod';

/**
 * The pieces request schemas share. Each route's schemas live in a module of their own (payment-schemas,
 * invoice-schema, schemas, webhook-schemas, admin-schemas), so a function builds only the schemas its route uses.
 */

export const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** `schema` with `description`, which the OpenAPI document shows beside it. */
export const described = <T extends z.ZodMiniType>(description: string, schema: T): T =>
  schema.check(z.describe(description));
export const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));

/**
 * The caller's own references (`merchantOrderNo`, `refundNo`): letters, digits and `-_.:/`, so they are safe in
 * URLs, logs, store keys and provider fields (no `#`, no whitespace, no control characters).
 */
export const reference = (max: number) =>
  text(max).check(z.regex(/^[A-Za-z0-9._:/-]+$/, 'letters, digits and - _ . : / only'));

/** Money is integer fen (分); yuan with decimals is the usual mistake, so every refusal shows the conversion. */
export const fenMessage = 'integer fen: 19.99 yuan = 1999';
export const fen = () =>
  z
    .number({ error: fenMessage })
    .check(
      z.int({ error: fenMessage }),
      z.minimum(1, { error: `at least 1 (${fenMessage})` }),
      z.maximum(Number.MAX_SAFE_INTEGER),
    );

/** A URL we hand on or call: http or https only. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'an http or https URL' }).check(z.maxLength(2048));

export const authCode = z
  .string()
  .check(
    z.regex(/^[0-9A-Za-z]{6,32}$/, '6 to 32 letters or digits'),
    z.describe("The payer's 付款码 (6 to 32 letters or digits), exactly for the barcode scene."),
  );

/**
 * Refuses a URL that no notification may go to under this deployment's policy (`WEBHOOK_ALLOW_HTTP`,
 * `WEBHOOK_ALLOW_LOOPBACK`), as far as the URL alone tells; where its name resolves is checked at each send.
 */
export const safeWebhookUrl = z.string().check(
  z.superRefine((url, ctx) => {
    const problem = urlProblem(url, deliveryPolicyOf(process.env));
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
);
