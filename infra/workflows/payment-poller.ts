import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The one ASL source of the status poller, read by the CDK stack and the local runner alike. */
export const pollerDefinitionFile = fileURLToPath(new URL('./payment-poller.asl.json', import.meta.url));

/** Each `${…}` substitution in the ASL and the handler module (from the repository root) that serves it. */
export const pollerTasks = {
  SyncStatusFunctionArn: 'functions/workflow/sync-status',
  CancelExpiredFunctionArn: 'functions/workflow/cancel-expired',
} as const;
export type PollerTask = keyof typeof pollerTasks;

/** The definition with each substitution replaced by `arnOf(task)`. */
export const renderPollerDefinition = (arnOf: (task: PollerTask) => string): string => {
  let text = readFileSync(pollerDefinitionFile, 'utf8');
  for (const task of Object.keys(pollerTasks) as PollerTask[]) text = text.replaceAll(`\${${task}}`, arnOf(task));
  return text;
};
