/**
 * The custom CloudWatch metrics paybridge emits (embedded metric format) and the stack alarms on. Code and stack
 * both read these constants: an alarm matches a metric only when namespace, name and dimensions are identical.
 */
export const metricsNamespace = 'paybridge';

/** The service name: Powertools' `service` dimension on every custom metric, and the logs' service. */
export const serviceName = 'paybridge';

/**
 * Each custom metric is a count emitted with exactly one dimension, `service` = {@link serviceName} (the one
 * Powertools Metrics adds by default); a per-provider breakdown belongs in the log line, not in a dimension.
 */
export const metricNames = {
  /** A payment entered `needs_review` (count 1 per entry). */
  needsReviewEntered: 'NeedsReviewEntered',
  /** An outgoing notification was given up after its last retry (count 1 per notification). */
  notificationsAbandoned: 'NotificationsAbandoned',
} as const;

/** The dimensions every custom metric carries. */
export const metricDimensions = { service: serviceName } as const;
