import type { OutboxEntry, PaymentEvent } from '../domain/payment';
import { pendingDelivery } from '../domain/transition';

/** A webhook endpoint as events are routed to it. */
export interface EndpointRoute {
  id: `whe_${string}`;
  url: string;
  /** Event types, or `["*"]` for every one. */
  events: readonly string[];
  /** It gets the events that happen from this time on. */
  activeFrom: string;
}

export const subscribes = (endpoint: Pick<EndpointRoute, 'events'>, type: string): boolean =>
  endpoint.events.includes('*') || endpoint.events.includes(type);

/** One outbox entry per endpoint active at the event's time and subscribed to its type. */
export const endpointEntries = (event: PaymentEvent, endpoints: readonly EndpointRoute[]): OutboxEntry[] =>
  endpoints
    .filter((endpoint) => endpoint.activeFrom <= event.at && subscribes(endpoint, event.type))
    .map((endpoint) => ({ ...pendingDelivery(event), destination: endpoint.id, url: endpoint.url }));

/** The key of an outbox entry: one event to one destination. */
export const deliveryKey = (e: Pick<OutboxEntry, 'eventId' | 'destination'>): string => `${e.eventId}:${e.destination}`;
