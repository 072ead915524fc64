import * as z from './zod';

const count = () => z.coerce.number().check(z.int(), z.positive());
const seconds = (fallback: number) => z._default(count(), fallback);
const optionalSeconds = z.optional(count());
const name = () => z.string().check(z.minLength(1));

/** Every setting the handlers read, parsed once from the environment (API.md "Local run: environment"). */
export const configSchema = z.object({
  TABLE_NAME: z._default(name(), 'paybridge'),
  AWS_REGION: z._default(name(), 'us-east-1'),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SFN_ENDPOINT: z.optional(z.url()),
  STATE_MACHINE_ARN: z._default(name(), 'arn:aws:states:us-east-1:000000000000:stateMachine:payment-poller'),
  PUBLIC_BASE_URL: z._default(z.url(), 'http://127.0.0.1:3000'),
  PROVIDER_TIMEOUT_MS: z._default(count(), 10_000),
  /** In AWS: the customer-managed KMS key that seals the tenants' secrets (provider keys, webhook secrets). */
  SECRETS_KMS_KEY_ARN: z.optional(name()),
  /** Locally: a file holding the 32-byte key (64 hex characters) that seals them instead. */
  SECRETS_KEY_FILE: z.optional(name()),
  /** The local tenants' signing secret for `notifyUrl` notifications (set at local start; unused in AWS). */
  WEBHOOK_SECRET: z.optional(z.string().check(z.minLength(16))),
  /** Notifications may go to plain http URLs (local runs); https only otherwise. */
  WEBHOOK_ALLOW_HTTP: z._default(z.enum(['true', 'false']), 'false'),
  /** Notifications may go to loopback addresses (local runs); never to any other private range. */
  WEBHOOK_ALLOW_LOOPBACK: z._default(z.enum(['true', 'false']), 'false'),
  /**
   * A new webhook endpoint receives the events that happen from this many seconds after its registration: as long
   * as a function may go on believing, from its 30 s look-up, that the tenant has no endpoints. `npm start` runs every
   * route in one process, which learns of a new endpoint at once, so it uses 0.
   */
  WEBHOOK_ENDPOINT_ACTIVATION_S: z._default(
    z.coerce.number().check(
      z.int(),
      z.refine(
        (s) => s === 0 || s >= 30,
        'must be 0 (one process, as npm start) or at least 30 (the look-up lasts 25 s)',
      ),
    ),
    30,
  ),
  /** The SQS FIFO queue that outgoing notifications go through; without it they wait in the outbox. */
  DELIVERY_QUEUE_URL: z.optional(z.url()),
  SQS_ENDPOINT: z.optional(z.url()),
  SHOUQIANBA_POLL_INTERVAL_S: seconds(5),
  SHOUQIANBA_POLL_TIMEOUT_S: optionalSeconds,
  TCC_POLL_INTERVAL_S: seconds(8),
  TCC_POLL_TIMEOUT_S: seconds(180),
  ZHIXIAO_POLL_INTERVAL_S: seconds(30),
  ZHIXIAO_POLL_TIMEOUT_S: seconds(3600),
});
export type Config = z.infer<typeof configSchema>;

export const parseConfig = (env: Record<string, string | undefined>): Config => configSchema.parse(env);
