import { ProviderTimeoutError, ProviderUnavailableError } from '../domain/errors';

export interface HttpAnswer {
  status: number;
  text: string;
}

/** Connection errors that prove the request never left this process. */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

const causeCode = (error: unknown): string | undefined => {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code;
};

/**
 * One HTTP exchange with a provider. A refused connection becomes `ProviderUnavailableError` (nothing sent);
 * a timeout or a dropped connection becomes `ProviderTimeoutError` (the outcome is unknown).
 */
export const sendToProvider = async (
  provider: string,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<HttpAnswer> => {
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    return { status: res.status, text: await res.text() };
  } catch (error) {
    const code = causeCode(error);
    if (code && notSentCodes.has(code)) {
      throw new ProviderUnavailableError(`${provider} could not be reached (${code}); nothing was sent.`, {
        cause: error,
      });
    }
    throw new ProviderTimeoutError(`${provider} did not answer: ${(error as Error).message}`, { cause: error });
  }
};
