import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

interface ValidationReport {
  pluginReports: { pluginName: string; violations?: { violatingConstructs?: unknown[] }[] }[];
}

const pack = 'AwsSolutions';

/**
 * One line on what cdk-nag's AwsSolutions pack found in a synthesised cloud assembly: the unacknowledged findings
 * (one per rule and resource, from `validation-report.json`, which lists only those) and the acknowledgements the
 * stack makes (`aws:cdk:acknowledged-rules` entries in the stacks' `*.metadata.json`), with how many lack a reason.
 */
export const nagSummary = (outdir: string): string => {
  const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
  const findings = report.pluginReports
    .filter((r) => r.pluginName === pack)
    .flatMap((r) => r.violations ?? [])
    .reduce((n, v) => n + Math.max(1, v.violatingConstructs?.length ?? 0), 0);
  const reasons = readdirSync(outdir)
    .filter((f) => f.endsWith('.metadata.json'))
    .flatMap((f) => Object.values(JSON.parse(readFileSync(join(outdir, f), 'utf8')) as Record<string, unknown[]>))
    .flat()
    .flatMap((entry) => {
      const { type, data } = entry as { type: string; data?: Record<string, string> };
      if (type !== 'aws:cdk:acknowledged-rules' || !data) return [];
      return Object.entries(data)
        .filter(([id]) => id.replace(/^annotation::/i, '').startsWith(`${pack}-`))
        .map(([, reason]) => reason);
    });
  const unreasoned = reasons.filter((r) => !r.trim()).length;
  const acknowledged = unreasoned
    ? `${reasons.length} acknowledged, ${unreasoned} without a reason`
    : `${reasons.length} acknowledged with reasons`;
  return `cdk-nag ${pack}: ${findings} finding${findings === 1 ? '' : 's'} unacknowledged (${acknowledged})`;
};

/** Where `cdk synth` writes the assembly: `-o`/`--output` if given, else cdk's default. */
const outdirOf = (args: string[]): string => {
  const at = args.findIndex((a) => a === '-o' || a === '--output');
  return (at >= 0 ? args[at + 1] : undefined) ?? 'cdk.out';
};

if (import.meta.url === `file://${process.argv[1]}`) {
  // `npm run synth [-- cdk synth options]`: the template and the cdk-nag checks, offline, then one line of findings.
  const args = process.argv.slice(2);
  const outdir = outdirOf(args);
  // A report left by an earlier run must not speak for this one.
  rmSync(join(outdir, 'validation-report.json'), { force: true });
  const cdk = spawnSync('npx', ['cdk', 'synth', '--quiet', ...args], {
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true', CDK_HOME: '.cdk' },
  });
  try {
    console.log(nagSummary(outdir));
  } catch {
    console.log(`cdk-nag ${pack}: no validation report in ${outdir} (the synth did not reach the checks)`);
  }
  process.exit(cdk.status ?? 1);
}
