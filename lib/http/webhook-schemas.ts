import { isNotifiable } from '../domain/transition';
import * as z from '../zod';
import { named } from './components';
import { described, safeWebhookUrl } from './schema-parts';

export const createWebhookEndpointSchema = named(
  'CreateWebhookEndpoint',
  z.strictObject({
    url: described('An https URL at a public address', z.pipe(z.string().check(z.maxLength(2048)), safeWebhookUrl)),
    events: described(
      'Event types (payment.paid, refund.succeeded, …), or ["*"] for every one',
      z.pipe(
        z
          .array(
            z
              .string()
              .check(z.refine((t) => t === '*' || isNotifiable(t), 'a payment.* or refund.* status event, or "*"')),
          )
          .check(
            z.minLength(1),
            z.maxLength(32),
            z.refine((types) => !types.includes('*') || types.length === 1, '"*" stands alone'),
          ),
        z.transform((types: string[]) => [...new Set(types)]),
      ),
    ),
  }),
);

export const webhookEndpointParams = z.object({
  id: z.string().check(z.regex(/^whe_[0-9A-Z]{26}$/, 'a webhook endpoint id')),
});

const endpointFields = {
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdAt: z.string(),
  activeFrom: described(
    'It receives the events that happen from this time on: 30 s after createdAt in AWS, at once locally.',
    z.string(),
  ),
};
export const webhookEndpointSchema = named('WebhookEndpoint', z.object(endpointFields));
export const webhookEndpointListSchema = named(
  'WebhookEndpointList',
  z.object({ data: z.array(webhookEndpointSchema) }),
);
export const createdWebhookEndpointSchema = named(
  'CreatedWebhookEndpoint',
  z.object({ ...endpointFields, secret: described('whsec_…, shown this once', z.string()) }),
);
export const rotatedSecretSchema = named(
  'RotatedWebhookSecret',
  z.object({ id: z.string(), secret: z.string(), previousSecretExpiresAt: z.string() }),
);

const deliverySchema = named(
  'Delivery',
  z.object({
    destination: described('notify_url, or the webhook endpoint id', z.string()),
    url: z.string(),
    state: z.enum(['pending', 'delivered', 'abandoned']),
    attempts: z.number().check(z.int()),
    lastStatus: described("The last attempt's HTTP answer status", z.nullable(z.number().check(z.int()))),
    lastError: described('Why the last attempt got no usable answer', z.nullable(z.string())),
    nextAttemptAt: z.nullable(z.string()),
    finishedAt: z.nullable(z.string()),
  }),
);
export const deliveryListSchema = named(
  'DeliveryList',
  z.object({
    data: z.array(z.object({ eventId: z.string(), eventType: z.string(), deliveries: z.array(deliverySchema) })),
  }),
);
