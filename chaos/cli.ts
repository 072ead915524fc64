import '../local/sdk-node-warning';
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatReport } from './report';
import { runChaos } from './run';

/**
 * `npm run chaos -- [--seed N] [--ops N] [--concurrency N] [--log-level LEVEL] [--evidence FILE]`: exits 1 on any
 * violation, 2 if the driver itself failed (the run then proves less than it should). `--evidence` writes what the
 * invariants were checked against (every payment with its events and refunds, every provider order, every answer).
 */
const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    ops: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    'log-level': { type: 'string', default: 'SILENT' },
    evidence: { type: 'string' },
  },
});

const positive = (name: string, text: string | undefined): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} takes a positive whole number, not ${text}`);
  return n;
};

const report = await runChaos({
  seed: positive('seed', values.seed),
  operations: positive('ops', values.ops),
  concurrency: positive('concurrency', values.concurrency),
  logLevel: values['log-level'],
});
console.log(formatReport(report));
if (values.evidence) await writeFile(values.evidence, `${JSON.stringify(report.evidence, null, 2)}\n`);
process.exitCode = report.drive.driverErrors.length ? 2 : report.violations.length ? 1 : 0;
