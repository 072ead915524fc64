import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type FieldError,
  GatewayError,
  ProviderTimeoutError,
  StoreUnavailableError,
  ValidationError,
} from '../domain/errors';
import { isStoreUnavailable } from '../store/store-errors';
import type * as z from '../zod';

const titles: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export const fieldErrorsOf = (error: z.core.$ZodError, prefix = ''): FieldError[] =>
  error.issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    return keys.length
      ? { path: [path, ...keys].filter(Boolean).join('.'), message: 'unknown field' }
      : { path: path || '(body)', message: issue.message };
  });

export const validationErrorOf = (error: z.core.$ZodError, where: string): ValidationError =>
  new ValidationError(`The ${where} is not valid.`, fieldErrorsOf(error, where === 'body' ? '' : where));

/** The one place errors become HTTP answers (RFC 9457 problem+json); unknown errors never leak their text. */
export const toProblemResponse = (error: unknown): APIGatewayProxyStructuredResultV2 => {
  const known =
    error instanceof GatewayError
      ? error
      : error instanceof ProviderTimeoutError
        ? new GatewayError('provider_error', 502, `${error.message}; nothing was changed.`)
        : isStoreUnavailable(error)
          ? new StoreUnavailableError({ cause: error })
          : new GatewayError('internal_error', 500, 'Something went wrong on our side; the request may be retried.');
  const body = {
    type: `https://paybridge.dev/problems/${known.code}`,
    title: titles[known.status] ?? 'Error',
    status: known.status,
    code: known.code,
    detail: known.message,
    ...(known.errors ? { errors: known.errors } : {}),
    ...known.extensions,
  };
  return {
    statusCode: known.status,
    headers: { 'content-type': 'application/problem+json' },
    body: JSON.stringify(body),
  };
};
