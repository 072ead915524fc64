import { format } from 'node:util';
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadProviderSecret } from '../../lib/provider-secret';
import { buildRuntime } from '../../lib/runtime';

const arn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:paybridge-providers-AbCdEf';
const region = 'us-east-1';
// Every SecretsManagerClient, also the one buildRuntime makes itself.
const secretsMock = mockClient(SecretsManagerClient);
const secret = {
  SHOUQIANBA_TERMINAL_SN: '100000330010000009',
  SHOUQIANBA_TERMINAL_KEY: 'terminal-key-never-logged-7f3a',
  WEBHOOK_SECRET: 'whsec_never_logged_0123456789abcdef',
  TCC_TOKEN: 42,
  TABLE_NAME: 'table-from-the-secret',
  STATE_MACHINE_ARN: 'arn:aws:states:us-east-1:000000000000:stateMachine:other',
};
const secretValues = ['terminal-key-never-logged-7f3a', 'whsec_never_logged_0123456789abcdef'];

const storeSecret = (secretString: string) =>
  secretsMock.on(GetSecretValueCommand, { SecretId: arn }).resolves({ ARN: arn, SecretString: secretString });

/** Everything written to stdout, stderr or the console while `run` runs. */
const captureOutput = async (run: () => Promise<unknown>): Promise<string> => {
  const written: string[] = [];
  const keep = (...args: unknown[]) => {
    written.push(format(...args));
    return true;
  };
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(keep),
    vi.spyOn(process.stderr, 'write').mockImplementation(keep),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(keep)),
  ];
  try {
    await run().catch(() => undefined);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return written.join('\n');
};

beforeEach(() => {
  secretsMock.reset();
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('loadProviderSecret', () => {
  it('asks Secrets Manager for the secret by its ARN and keeps only the known keys with string values', async () => {
    storeSecret(JSON.stringify(secret));
    expect(await loadProviderSecret({ PROVIDER_SECRET_ARN: arn, AWS_REGION: region })).toEqual({
      SHOUQIANBA_TERMINAL_SN: secret.SHOUQIANBA_TERMINAL_SN,
      SHOUQIANBA_TERMINAL_KEY: secret.SHOUQIANBA_TERMINAL_KEY,
      WEBHOOK_SECRET: secret.WEBHOOK_SECRET,
    });
    expect(secretsMock.commandCalls(GetSecretValueCommand).map((call) => call.args[0].input)).toEqual([
      { SecretId: arn },
    ]);
  });

  it('asks for nothing without PROVIDER_SECRET_ARN', async () => {
    expect(await loadProviderSecret({ PROVIDER_SECRET_ARN: undefined, AWS_REGION: region })).toEqual({});
    expect(secretsMock.calls()).toHaveLength(0);
  });

  it('propagates a failed read', async () => {
    secretsMock
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'Secrets Manager can’t find the secret.', $metadata: {} }));
    await expect(loadProviderSecret({ PROVIDER_SECRET_ARN: arn, AWS_REGION: region })).rejects.toBeInstanceOf(
      ResourceNotFoundException,
    );
  });

  it('refuses a secret that is not a JSON object without repeating its text', async () => {
    for (const text of [
      secret.SHOUQIANBA_TERMINAL_KEY,
      `{"SHOUQIANBA_TERMINAL_KEY":${secret.SHOUQIANBA_TERMINAL_KEY}}`,
    ]) {
      storeSecret(text);
      const failure = await loadProviderSecret({ PROVIDER_SECRET_ARN: arn, AWS_REGION: region }).catch((e) => e);
      expect(failure).toBeInstanceOf(Error);
      expect(failure.message).toBe('The provider secret is not a JSON object (see README, "Deploy").');
      expect(failure.message).not.toContain(text.slice(0, 8)); // V8 quotes an input's start
    }
  });
});

describe('buildRuntime with a provider secret', () => {
  it('lets the secret’s known keys override the environment, and nothing else', async () => {
    storeSecret(JSON.stringify(secret));
    const runtime = await buildRuntime({
      PROVIDER_SECRET_ARN: arn,
      AWS_REGION: region,
      TABLE_NAME: 'table-from-the-stack',
      SHOUQIANBA_TERMINAL_KEY: 'key-from-the-environment',
    });
    expect(runtime.config.SHOUQIANBA_TERMINAL_KEY).toBe(secret.SHOUQIANBA_TERMINAL_KEY);
    expect(runtime.config.WEBHOOK_SECRET).toBe(secret.WEBHOOK_SECRET);
    expect(runtime.config.TABLE_NAME).toBe('table-from-the-stack');
    expect(runtime.config.STATE_MACHINE_ARN).not.toBe(secret.STATE_MACHINE_ARN);
  });

  it('writes no secret value to any log, at debug level, whether the start succeeds or fails', async () => {
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
    const env = { PROVIDER_SECRET_ARN: arn, AWS_REGION: region, SHOUQIANBA_BASE_URL: 'http://127.0.0.1:9' };
    storeSecret(JSON.stringify(secret));
    const started = await captureOutput(() => buildRuntime(env));
    storeSecret(`{"SHOUQIANBA_TERMINAL_KEY": ${secret.SHOUQIANBA_TERMINAL_KEY}}`);
    const failed = await captureOutput(async () => {
      await buildRuntime(env).catch((error) => {
        console.error(error); // what the Lambda runtime does with a failed start
        throw error;
      });
    });
    for (const value of secretValues) {
      expect(started).not.toContain(value);
      expect(failed).not.toContain(value);
    }
    expect(failed).toContain('not a JSON object');
  });
});
