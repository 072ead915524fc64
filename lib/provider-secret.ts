import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type Config, secretKeys } from './config';

/** The settings a provider secret may override, as read from it. */
export type ProviderSecret = Partial<Record<(typeof secretKeys)[number], string>>;

/** The secret's JSON object. It fails without quoting the text: V8's JSON.parse errors repeat part of the input. */
const parseObject = (text: string): Record<string, unknown> => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error('The provider secret is not a JSON object (see README, "Deploy").');
  }
  return value as Record<string, unknown>;
};

/**
 * Reads the provider secret (a JSON object in Secrets Manager) named by `PROVIDER_SECRET_ARN`: only the known
 * {@link secretKeys} with string values, so a secret can never set the table, the state machine or an endpoint.
 * Nothing here logs, and no error carries the secret's text; a failed read rejects with the SDK's error (a handler
 * cannot start without its credentials).
 */
export const loadProviderSecret = async (
  config: Pick<Config, 'PROVIDER_SECRET_ARN' | 'AWS_REGION'>,
  client: SecretsManagerClient = new SecretsManagerClient({ region: config.AWS_REGION }),
): Promise<ProviderSecret> => {
  if (!config.PROVIDER_SECRET_ARN) return {};
  const out = await client.send(new GetSecretValueCommand({ SecretId: config.PROVIDER_SECRET_ARN }));
  const parsed = parseObject(out.SecretString ?? '{}');
  return Object.fromEntries(
    secretKeys.filter((k) => typeof parsed[k] === 'string').map((k) => [k, parsed[k] as string]),
  );
};
