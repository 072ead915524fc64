/**
 * Every problem `code` the API answers, with its HTTP status and when: the OpenAPI document lists, per operation and
 * status, the codes that response may carry.
 */
export const problemCodes = {
  validation_error: {
    status: 400,
    when: 'the path, query, body or Idempotency-Key fails its schema, or the body is not JSON or nests too deep; `errors[]` names each field',
  },
  unauthorized: { status: 401, when: 'a missing or unknown API key, or a disabled tenant' },
  forbidden: { status: 403, when: 'the API key lacks the scope the route needs (`detail` names it)' },
  not_found: { status: 404, when: 'no such payment for this tenant' },
  duplicate_merchant_order_no: {
    status: 409,
    when: 'this tenant already used the merchantOrderNo (`detail` names the payment)',
  },
  invalid_state: { status: 409, when: "the payment's status does not allow it" },
  conflict: { status: 409, when: 'the payment kept changing under concurrent writes; try again' },
  idempotency_in_progress: { status: 409, when: 'a request with this Idempotency-Key is still running' },
  tenant_exists: { status: 409, when: 'a tenant with this id already exists' },
  payload_too_large: { status: 413, when: 'a body over 64 KB' },
  unsupported_media_type: { status: 415, when: 'a body that is not application/json (or application/*+json)' },
  unsupported_method: { status: 422, when: 'the provider does not offer this (`detail` says what it does)' },
  provider_rule: { status: 422, when: "a provider's documented rule forbids it; nothing was sent" },
  refund_exceeds_refundable: { status: 422, when: 'the amount is more than is left to refund (pending refunds count)' },
  idempotency_key_reused: { status: 422, when: 'this Idempotency-Key came with a different request' },
  internal_error: { status: 500, when: 'a failure on our side; the request may be retried' },
  provider_error: {
    status: 502,
    when: 'the provider refused with an error we cannot map, or its answer was lost or unreadable (`detail` says which)',
  },
  provider_unavailable: { status: 503, when: 'the provider could not be reached; nothing was sent' },
  service_unavailable: {
    status: 503,
    when: "the gateway's store was busy; retry (a provider call already made is settled by polling)",
  },
} as const satisfies Record<string, { status: number; when: string }>;

export type ProblemCode = keyof typeof problemCodes;
