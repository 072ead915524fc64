/** One answered request as the `npm start` terminal shows it. */
export interface RequestRecord {
  method: string;
  path: string;
  status: number;
  ms: number;
  paymentId: string | undefined;
}

/** `POST /v1/payments 201 14 ms pay_01JD…`: method, path, status, whole milliseconds, then the payment if any. */
export const requestLine = ({ method, path, status, ms, paymentId }: RequestRecord): string =>
  [method, path, status, `${Math.round(ms)} ms`, paymentId].filter((part) => part !== undefined).join(' ');

/**
 * The payment a request is about: the `{id}` of a `/v1/payments/{id}…` route, else the `id` of a payment answer
 * or the `paymentId` of an answer that belongs to one (a refund). Lists and errors name none.
 */
export const paymentIdOf = (
  routePath: string | undefined,
  params: Record<string, string>,
  answer: string,
): string | undefined => {
  if (routePath?.startsWith('/v1/payments/{id}')) return params.id;
  let body: unknown;
  try {
    body = JSON.parse(answer);
  } catch {
    return undefined; // not JSON (the Zhixiao webhook answers plain text)
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const { object, id, paymentId } = body as Record<string, unknown>;
  if (object === 'payment' && typeof id === 'string') return id;
  return typeof paymentId === 'string' ? paymentId : undefined;
};
