/**
 * The custom CloudWatch metrics paybridge emits (embedded metric format) and the stack alarms on. Code and stack
 * both read these constants: an alarm matches a metric only when namespace, name and dimensions are identical.
 */
export const metricsNamespace = 'paybridge';

/** The service name: Powertools' `service` dimension on every custom metric, and the logs' service. */
export const serviceName = 'paybridge';

/**
 * Every custom metric's name. The two alarmed counts (`NeedsReviewEntered`, `NotificationsAbandoned`) are emitted
 * with exactly the dimensions {@link metricDimensions}, the alarms' own; their breakdowns (by reason) are the same
 * names under more dimensions, which CloudWatch keeps as separate series the alarms never see.
 */
export const metricNames = {
  /** A payment entered `needs_review` (count 1 per entry). Alarmed. */
  needsReviewEntered: 'NeedsReviewEntered',
  /** An outgoing notification was given up after its last retry (count 1 per notification). Alarmed. */
  notificationsAbandoned: 'NotificationsAbandoned',
  /** A payment was recorded, before its provider is called (count, by provider). */
  paymentsCreated: 'PaymentsCreated',
  /** A payment became `paid` (count, by provider). */
  paymentsPaid: 'PaymentsPaid',
  /** A payment became `failed` (count, by provider). */
  paymentsFailed: 'PaymentsFailed',
  /** A payment became `canceled` (count, by provider). */
  paymentsCanceled: 'PaymentsCanceled',
  /** From when the provider says the payer paid to when we recorded it (milliseconds, by provider and source). */
  paymentDetectionLatency: 'PaymentDetectionLatency',
  /** One HTTP exchange with a provider (milliseconds, by provider and operation). */
  providerCallLatency: 'ProviderCallLatency',
  /** 1 for a provider call without a usable answer, 0 otherwise (by provider and operation). */
  providerCallErrors: 'ProviderCallErrors',
  /** An outgoing notification was acknowledged by its receiver (count). */
  notificationsDelivered: 'NotificationsDelivered',
  /** An outgoing notification attempt failed and another is scheduled (count). */
  notificationsRetried: 'NotificationsRetried',
} as const;
export type MetricName = (typeof metricNames)[keyof typeof metricNames];

/** The dimensions of the alarmed series: only `service`, the one Powertools Metrics adds by default. */
export const metricDimensions = { service: serviceName } as const;
