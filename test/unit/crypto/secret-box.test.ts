import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyringSecretBox, masked, rawAesKeyring } from '../../../lib/crypto/secret-box';

const box = keyringSecretBox(rawAesKeyring(randomBytes(32)));
const context = { purpose: 'provider-account', tenantId: 't1', ref: 'shouqianba#1' };

describe('secret box (envelope encryption)', () => {
  it('seals so that the plaintext is nowhere in the stored text, and opens under the same context', async () => {
    const sealed = await box.seal('terminal-key-0123456789', context);
    expect(sealed).not.toContain('terminal-key');
    expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain('terminal-key-0123456789');
    expect(await box.open(sealed, context)).toBe('terminal-key-0123456789');
  });

  it('refuses to open a value sealed for another tenant or record', async () => {
    const sealed = await box.seal('s3cret', context);
    await expect(box.open(sealed, { ...context, tenantId: 't2' })).rejects.toThrow(/another record/);
  });

  it('refuses a value sealed under another key', async () => {
    const other = keyringSecretBox(rawAesKeyring(randomBytes(32)));
    await expect(other.open(await box.seal('s3cret', context), context)).rejects.toThrow();
  });

  it('shows only the last four characters', () => {
    expect(masked('whsec_abcdefgh1234')).toBe('…1234');
  });
});
