import { decrypt, signatureMatches, signRequest } from './codec';
import { type Notify, notifySchema } from './transformers';

/** The notify envelope (2.5) as received: form-encoded or JSON `id`, `param`, `sign`. */
export interface NotifyEnvelope {
  id: string;
  param: string;
  sign: unknown;
}

/** Reads the envelope from the raw body; base64 never holds spaces, so a '+' decoded to ' ' is put back. */
export const envelopeOf = (raw: string, contentType: string): NotifyEnvelope | undefined => {
  let fields: Record<string, unknown> = {};
  if (/json/i.test(contentType) || raw.trimStart().startsWith('{')) {
    try {
      fields = JSON.parse(raw);
    } catch {
      return undefined;
    }
  } else {
    const form = Object.fromEntries(new URLSearchParams(raw).entries());
    fields = { ...form, param: form.param?.replaceAll(' ', '+') };
  }
  const { id, param, sign } = fields;
  return typeof id === 'string' && typeof param === 'string' ? { id, param, sign } : undefined;
};

/** Whether the envelope is signed with this app secret (constant time). */
export const signedWith = (env: NotifyEnvelope, appSecret: string): boolean =>
  signatureMatches(signRequest(env.id, env.param, appSecret), env.sign);

/** Decrypts and validates the notify's `param`; undefined when it does not decrypt to a valid notify. */
export const openNotify = (env: NotifyEnvelope, aesKey: string): Notify | undefined => {
  try {
    const parsed = notifySchema.safeParse(JSON.parse(decrypt(env.param, aesKey)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};
