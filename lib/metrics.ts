import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj } from '@middy/core';
import { type MetricName, metricsNamespace, serviceName } from './metrics-names';

/** The units paybridge's metrics use. */
export const units = { count: MetricUnit.Count, ms: MetricUnit.Milliseconds } as const;
export type Unit = (typeof units)[keyof typeof units];

/** One value of one metric. */
export interface MetricPoint {
  name: MetricName;
  unit: Unit;
  value: number;
}

/** Dimensions besides `service`, which every metric carries. */
export type Dimensions = Record<string, string>;

const logger = new Logger({ serviceName });

let stored: Metrics | undefined;
/**
 * The process's Metrics, holding the service-only counts until the invocation ends. Built at first use, not at
 * import, so that the environment the runtime is given first (POWERTOOLS_METRICS_DISABLED) is the one it reads.
 */
const storedMetrics = (): Metrics => {
  stored ??= new Metrics({ namespace: metricsNamespace, serviceName });
  return stored;
};

let published: Metrics | undefined;

/** Runs `emit`, logging what went wrong instead of throwing: no metric is worth a failed write or handler. */
const safely = (what: string, emit: () => void): void => {
  try {
    emit();
  } catch (error) {
    logger.warn('a metric could not be emitted', { metric: what, error: (error as Error).message });
  }
};

/**
 * Counts `value` under `service` alone, published when the invocation ends ({@link flushMetrics}). The alarmed
 * series are counted here: their dimensions must stay exactly the alarms'.
 */
export const countForService = (name: MetricName, value = 1): void =>
  safely(name, () => {
    storedMetrics().addMetric(name, units.count, value);
  });

/**
 * Publishes `points` now, as one EMF line, under each of `dimensionSets` (each with `service` added): one
 * CloudWatch series per set. A metric of its own, so other dimensions never leak onto the stored counts.
 */
export const publishWith = (dimensionSets: Dimensions[], points: MetricPoint[]): void =>
  safely(points.map((p) => p.name).join(','), () => {
    // One instance for these lines, apart from the stored counts: publishing clears its metrics and dimensions, and
    // building a Metrics per line (a Console and an environment read each) cost more than the write it observed.
    published ??= new Metrics({ namespace: metricsNamespace, serviceName });
    const single = published;
    try {
      for (const set of dimensionSets) single.addDimensions(set);
      for (const p of points) single.addMetric(p.name, p.unit, p.value);
      single.publishStoredMetrics();
    } finally {
      // Whatever a refused line had added must not reach the next one.
      single.clearMetrics();
      single.clearDimensions();
    }
  });

/**
 * Publishes the counts this invocation stored. An invocation that stored none prints nothing: Powertools'
 * `logMetrics` would warn on every such flush, and most requests count nothing.
 */
export const flushMetrics = (): void =>
  safely('flush', () => {
    if (stored?.hasStoredMetrics()) stored.publishStoredMetrics();
  });

/** middy middleware: publishes the invocation's counts once the handler answered or failed. */
export const publishMetrics = (): MiddlewareObj => ({ after: flushMetrics, onError: flushMetrics });

/** Wraps a handler that is not a middy one so that its counts are published however it ends. */
export const withMetrics =
  <A extends unknown[], R>(handler: (...args: A) => Promise<R>) =>
  async (...args: A): Promise<R> => {
    try {
      return await handler(...args);
    } finally {
      flushMetrics();
    }
  };
