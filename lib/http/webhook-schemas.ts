import * as z from 'zod';
import { isNotifiable } from '../domain/transition';
import { named } from './components';
import { safeWebhookUrl } from './schema-parts';

export const createWebhookEndpointSchema = named(
  'CreateWebhookEndpoint',
  z.strictObject({
    url: z.string().max(2048).pipe(safeWebhookUrl).describe('An https URL at a public address'),
    events: z
      .array(z.string().refine((t) => t === '*' || isNotifiable(t), 'a payment.* or refund.* status event, or "*"'))
      .min(1)
      .max(32)
      .refine((types) => !types.includes('*') || types.length === 1, '"*" stands alone')
      .transform((types) => [...new Set(types)])
      .describe('Event types (payment.paid, refund.succeeded, …), or ["*"] for every one'),
  }),
);

export const webhookEndpointParams = z.object({ id: z.string().regex(/^whe_[0-9A-Z]{26}$/, 'a webhook endpoint id') });

const endpointFields = {
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  createdAt: z.string(),
  activeFrom: z
    .string()
    .describe('It receives the events that happen from this time on: 30 s after createdAt in AWS, at once locally.'),
};
export const webhookEndpointSchema = named('WebhookEndpoint', z.object(endpointFields));
export const webhookEndpointListSchema = named(
  'WebhookEndpointList',
  z.object({ data: z.array(webhookEndpointSchema) }),
);
export const createdWebhookEndpointSchema = named(
  'CreatedWebhookEndpoint',
  z.object({ ...endpointFields, secret: z.string().describe('whsec_…, shown this once') }),
);
export const rotatedSecretSchema = named(
  'RotatedWebhookSecret',
  z.object({ id: z.string(), secret: z.string(), previousSecretExpiresAt: z.string() }),
);

const deliverySchema = named(
  'Delivery',
  z.object({
    destination: z.string().describe('notify_url, or the webhook endpoint id'),
    url: z.string(),
    state: z.enum(['pending', 'delivered', 'abandoned']),
    attempts: z.number().int(),
    lastStatus: z.number().int().nullable().describe("The last attempt's HTTP answer status"),
    lastError: z.string().nullable().describe('Why the last attempt got no usable answer'),
    nextAttemptAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
  }),
);
export const deliveryListSchema = named(
  'DeliveryList',
  z.object({
    data: z.array(z.object({ eventId: z.string(), eventType: z.string(), deliveries: z.array(deliverySchema) })),
  }),
);
