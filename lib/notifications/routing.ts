import type { OutboxEntry, PaymentEvent } from '../domain/payment';
import { isNotifiable, pendingDelivery } from '../domain/transition';

/** A webhook endpoint as the write path routes events to it. */
export interface EndpointRoute {
  id: `whe_${string}`;
  url: string;
  /** Event types, or `["*"]` for every one. */
  events: readonly string[];
}

export const subscribes = (endpoint: Pick<EndpointRoute, 'events'>, type: string): boolean =>
  endpoint.events.includes('*') || endpoint.events.includes(type);

/** One outbox entry per notifiable event and endpoint subscribed to its type. */
export const endpointEntries = (events: readonly PaymentEvent[], endpoints: readonly EndpointRoute[]): OutboxEntry[] =>
  events
    .filter((e) => isNotifiable(e.type))
    .flatMap((e) =>
      endpoints
        .filter((endpoint) => subscribes(endpoint, e.type))
        .map((endpoint) => ({ ...pendingDelivery(e), destination: endpoint.id, url: endpoint.url })),
    );

/** The key of an outbox entry: one event to one destination. */
export const deliveryKey = (e: Pick<OutboxEntry, 'eventId' | 'destination'>): string => `${e.eventId}:${e.destination}`;
