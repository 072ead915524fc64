import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The local key that seals tenants' secrets (the KMS key's stand-in): kept in DATA_DIR beside the data it opens, so
 * a restart can still read them; without DATA_DIR the data lives in memory, and so does a fresh key's file.
 */
export const localSecretsKeyFile = (dataDir: string | undefined): string => {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'paybridge-key-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'secrets.key');
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return file;
};
