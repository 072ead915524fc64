import { ProviderTimeoutError, ProviderUnavailableError } from '../domain/errors';
import type { ProviderName } from '../domain/payment';
import { publishWith, units } from '../metrics';
import { metricNames } from '../metrics-names';

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

const labels: Record<ProviderName, string> = { tcc: 'TCC', zhixiao: 'Zhixiao', shouqianba: 'Shouqianba' };

/** A call without a usable answer (none at all, or an HTTP 5xx) counts 1 in ProviderCallErrors, any other 0. */
const recordCall = (provider: ProviderName, operation: string, ms: number, answer: HttpAnswer | undefined) =>
  publishWith(
    [{ provider, operation }],
    [
      { name: metricNames.providerCallLatency, unit: units.ms, value: ms },
      { name: metricNames.providerCallErrors, unit: units.count, value: !answer || answer.status >= 500 ? 1 : 0 },
    ],
  );

/**
 * One HTTP exchange with a provider, `operation` naming it in the call metrics. A refused connection becomes
 * `ProviderUnavailableError` (nothing sent); a timeout or a dropped connection becomes `ProviderTimeoutError`
 * (the outcome is unknown).
 */
export const sendToProvider = async (
  provider: ProviderName,
  operation: string,
  url: string,
  init: { method: string; headers?: Record<string, string>; body?: string },
  timeoutMs: number,
): Promise<HttpAnswer> => {
  const label = labels[provider];
  const started = performance.now();
  let answer: HttpAnswer | undefined;
  try {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    answer = { status: res.status, text: await res.text() };
    return answer;
  } catch (error) {
    const code = causeCode(error);
    if (code && notSentCodes.has(code)) {
      throw new ProviderUnavailableError(`${label} could not be reached (${code}); nothing was sent.`, {
        cause: error,
      });
    }
    throw new ProviderTimeoutError(`${label} did not answer: ${(error as Error).message}`, { cause: error });
  } finally {
    recordCall(provider, operation, Math.round(performance.now() - started), answer);
  }
};
