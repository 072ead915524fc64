/** The error hierarchy; `lib/http/problem.ts` maps it to problem+json in one place. */
export interface FieldError {
  path: string;
  message: string;
}

export class GatewayError extends Error {
  /** Extra members of the problem document (RFC 9457 extensions), e.g. the payment a 409 is about. */
  readonly extensions: Record<string, unknown> | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    options?: { cause?: unknown; extensions?: Record<string, unknown> },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.extensions = options?.extensions;
  }
}

export class ValidationError extends GatewayError {
  constructor(message: string, errors: FieldError[]) {
    super('validation_error', 400, message, errors);
  }
}

export class UnauthorizedError extends GatewayError {
  constructor() {
    super('unauthorized', 401, 'A valid API key of an active tenant is required: Authorization: Bearer <key>.');
  }
}

export class ForbiddenError extends GatewayError {
  constructor(scope: string) {
    super('forbidden', 403, `This API key lacks the ${scope} scope this route needs.`);
  }
}

export class NotFoundError extends GatewayError {
  constructor(what: string) {
    super('not_found', 404, `No such ${what}.`);
  }
}

export class DuplicateMerchantOrderNoError extends GatewayError {
  constructor(readonly existingPaymentId: string) {
    super('duplicate_merchant_order_no', 409, `merchantOrderNo is already used by payment ${existingPaymentId}.`);
  }
}

export class InvalidStateError extends GatewayError {
  /** `extensions` carries what the caller needs to act on, e.g. `{ payment }` as it now stands. */
  constructor(message: string, extensions?: Record<string, unknown>) {
    super('invalid_state', 409, message, undefined, extensions ? { extensions } : undefined);
  }
}

export class IdempotencyInProgressError extends GatewayError {
  constructor() {
    super('idempotency_in_progress', 409, 'A request with this Idempotency-Key is still being processed.');
  }
}

export class IdempotencyKeyReusedError extends GatewayError {
  constructor() {
    super('idempotency_key_reused', 422, 'This Idempotency-Key was used with a different request.');
  }
}

export class UnsupportedMethodError extends GatewayError {
  constructor(message: string) {
    super('unsupported_method', 422, message);
  }
}

export class ProviderRuleError extends GatewayError {
  constructor(message: string, errors?: FieldError[]) {
    super('provider_rule', 422, message, errors);
  }
}

export class RefundExceedsRefundableError extends GatewayError {
  constructor(requested: number, refundable: number) {
    super(
      'refund_exceeds_refundable',
      422,
      `Refund of ${requested} fen exceeds the ${refundable} fen still refundable.`,
    );
  }
}

/** A store write found the state changed or not allowed: a bug if it escapes, never a guess. */
export class IllegalTransitionError extends GatewayError {
  constructor(from: string, to: string) {
    super('invalid_state', 409, `A payment cannot move from ${from} to ${to}.`);
  }
}

/** The provider answered with an error we cannot map to a 4xx. */
export class ProviderError extends GatewayError {
  constructor(
    readonly providerCode: string,
    providerMessage: string,
    options?: { cause?: unknown },
  ) {
    super('provider_error', 502, `Provider error ${providerCode}: ${providerMessage}`, undefined, options);
  }
}

/** The provider answer failed its signature check: never treated as success. */
export class SignatureError extends GatewayError {
  constructor(message: string) {
    super('provider_error', 502, message);
  }
}

/** The gateway's own store could not take a write now; what the provider already did is settled later. */
export class StoreUnavailableError extends GatewayError {
  constructor(options?: { cause?: unknown }) {
    super(
      'service_unavailable',
      503,
      'The payment store is busy; try again. Anything a provider already did is settled by polling and reconciliation.',
      undefined,
      options,
    );
  }
}

/** The provider could not be reached and nothing was sent. */
export class ProviderUnavailableError extends GatewayError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('provider_unavailable', 503, message, undefined, options);
  }
}

/** The request may have reached the provider but no answer came: the outcome is unknown. */
export class ProviderTimeoutError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProviderTimeoutError';
  }
}
