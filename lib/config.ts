import * as z from 'zod';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const optionalSeconds = z.coerce.number().int().positive().optional();

/** Every setting the handlers read, parsed once from the environment (API.md "Local run: environment"). */
export const configSchema = z.object({
  TABLE_NAME: z.string().min(1).default('paybridge'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  SFN_ENDPOINT: z.url().optional(),
  STATE_MACHINE_ARN: z.string().min(1).default('arn:aws:states:us-east-1:000000000000:stateMachine:payment-poller'),
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  PROVIDER_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  /** In AWS: the customer-managed KMS key that seals the tenants' secrets (provider keys, webhook secrets). */
  SECRETS_KMS_KEY_ARN: z.string().min(1).optional(),
  /** Locally: a file holding the 32-byte key (64 hex characters) that seals them instead. */
  SECRETS_KEY_FILE: z.string().min(1).optional(),
  /** The local tenants' signing secret for `notifyUrl` notifications (set at local start; unused in AWS). */
  WEBHOOK_SECRET: z.string().min(16).optional(),
  /** Notifications may go to plain http URLs (local runs); https only otherwise. */
  WEBHOOK_ALLOW_HTTP: z.enum(['true', 'false']).default('false'),
  /** Notifications may go to loopback addresses (local runs); never to any other private range. */
  WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false'),
  /**
   * A new webhook endpoint receives the events that happen from this many seconds after its registration: as long
   * as a function may go on believing, from its 30 s look-up, that the tenant has no endpoints. `npm start` runs every
   * route in one process, which learns of a new endpoint at once, so it uses 0.
   */
  WEBHOOK_ENDPOINT_ACTIVATION_S: z.coerce
    .number()
    .int()
    .refine((s) => s === 0 || s >= 30, 'must be 0 (one process, as npm start) or at least 30 (the look-up lasts 25 s)')
    .default(30),
  /** The SQS FIFO queue that outgoing notifications go through; without it they wait in the outbox. */
  DELIVERY_QUEUE_URL: z.url().optional(),
  SQS_ENDPOINT: z.url().optional(),
  SHOUQIANBA_POLL_INTERVAL_S: seconds(5),
  SHOUQIANBA_POLL_TIMEOUT_S: optionalSeconds,
  TCC_POLL_INTERVAL_S: seconds(8),
  TCC_POLL_TIMEOUT_S: seconds(180),
  ZHIXIAO_POLL_INTERVAL_S: seconds(30),
  ZHIXIAO_POLL_TIMEOUT_S: seconds(3600),
});
export type Config = z.infer<typeof configSchema>;

export const parseConfig = (env: Record<string, string | undefined>): Config => configSchema.parse(env);
