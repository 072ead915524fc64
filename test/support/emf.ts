import { afterAll, beforeAll, beforeEach, type MockInstance, vi } from 'vitest';
import { flushMetrics } from '../../lib/metrics';

/** One CloudWatch series an EMF line carries: a metric under one dimension set, with its values. */
export interface EmittedSeries {
  namespace: string;
  name: string;
  unit: string;
  dimensions: Record<string, string>;
  values: number[];
}

interface EmfDirective {
  Namespace: string;
  Dimensions: string[][];
  Metrics: { Name: string; Unit: string }[];
}

const seriesOf = (line: string): EmittedSeries[] => {
  let root: Record<string, unknown>;
  try {
    root = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return [];
  }
  const directives = (root._aws as { CloudWatchMetrics?: EmfDirective[] } | undefined)?.CloudWatchMetrics ?? [];
  return directives.flatMap((d) =>
    d.Dimensions.flatMap((names) =>
      d.Metrics.map((m) => ({
        namespace: d.Namespace,
        name: m.Name,
        unit: m.Unit,
        dimensions: Object.fromEntries(names.map((n) => [n, String(root[n])])),
        values: ([] as number[]).concat(root[m.Name] as number | number[]),
      })),
    ),
  );
};

/**
 * Turns Powertools Metrics on for this test file the way its documentation tests it: dev mode prints EMF through
 * `console.log` (POWERTOOLS_DEV), with metrics explicitly enabled (POWERTOOLS_METRICS_DISABLED=false wins over the
 * dev mode's default off). Collects every line printed; each test starts with none printed and none stored.
 * `warnings` are console.warn's.
 */
export const captureEmf = () => {
  const lines: string[] = [];
  const warnings: string[] = [];
  const saved = { dev: process.env.POWERTOOLS_DEV, disabled: process.env.POWERTOOLS_METRICS_DISABLED };
  let spies: MockInstance[] = [];
  beforeAll(() => {
    process.env.POWERTOOLS_DEV = 'true';
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';
    spies = [
      vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
        lines.push(args.map(String).join(' '));
      }),
      vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
        warnings.push(args.map(String).join(' '));
      }),
    ];
  });
  beforeEach(() => {
    // What an earlier test stored is that test's invocation, not this one's.
    flushMetrics();
    lines.length = 0;
    warnings.length = 0;
  });
  afterAll(() => {
    for (const spy of spies) spy.mockRestore();
    for (const [key, value] of [
      ['POWERTOOLS_DEV', saved.dev],
      ['POWERTOOLS_METRICS_DISABLED', saved.disabled],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });
  return {
    lines,
    warnings,
    /** Every series printed so far. */
    series: (): EmittedSeries[] => lines.flatMap(seriesOf),
    /** Metric `name`'s series printed so far: each dimension set once, its values summed, in order of appearance. */
    sums: (name: string): { dimensions: Record<string, string>; sum: number }[] => {
      const byDimensions = new Map<string, { dimensions: Record<string, string>; sum: number }>();
      for (const s of lines.flatMap(seriesOf).filter((s) => s.name === name)) {
        const key = JSON.stringify(Object.entries(s.dimensions).sort());
        const entry = byDimensions.get(key) ?? { dimensions: s.dimensions, sum: 0 };
        entry.sum += s.values.reduce((a, b) => a + b, 0);
        byDimensions.set(key, entry);
      }
      return [...byDimensions.values()];
    },
  };
};
