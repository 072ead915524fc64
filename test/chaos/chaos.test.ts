import { describe, expect, it } from 'vitest';
import { formatReport } from '../../chaos/report';
import { runChaos } from '../../chaos/run';

describe('the fault proof (a short seeded run of npm run chaos)', () => {
  it('keeps every money promise through 300 operations with faults injected', { timeout: 120_000 }, async () => {
    const report = await runChaos({ seed: 7, operations: 300 });
    const printed = formatReport(report);
    expect(report.drive.driverErrors, printed).toEqual([]);
    expect(report.drive.faultedOperations / report.operations, printed).toBeGreaterThanOrEqual(0.15);
    const fired = Object.values(report.faultsFired).reduce((a, b) => a + b, 0);
    expect(fired / report.operations, printed).toBeGreaterThanOrEqual(0.1);
    expect(report.violations.length, printed).toBe(0);
  });
});
