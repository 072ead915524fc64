import { GatewayError, ValidationError } from '../domain/errors';

/** The largest request body the API reads, in bytes (API Gateway alone would allow 10 MB). */
export const maxBodyBytes = 64 * 1024;

/** How many objects or arrays deep a body may nest below its top object. */
export const maxJsonDepth = 8;

/** `application/json` or `application/<anything>+json`, optionally followed by parameters; nothing else. */
const jsonMediaType = /^application\/(?:[a-z0-9!#$&^_.-]+\+)?json[ \t]*(?:;.*)?$/i;

/** The body as bytes: API Gateway base64-encodes bodies it does not take for text. */
export const bodyBytes = (body: string, isBase64Encoded: boolean | undefined): Buffer =>
  Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8');

/** 413: the body is over {@link maxBodyBytes}. */
export class PayloadTooLargeError extends GatewayError {
  constructor() {
    super('payload_too_large', 413, `The body is over ${maxBodyBytes} bytes.`);
  }
}

/** 415: a body that is not JSON. */
export class UnsupportedMediaTypeError extends GatewayError {
  constructor() {
    super('unsupported_media_type', 415, 'Send the body as application/json.');
  }
}

/** Refuses a body over {@link maxBodyBytes}: cheap, so it runs before anything else reads the request. */
export const checkBodySize = (bytes: number): void => {
  if (bytes > maxBodyBytes) throw new PayloadTooLargeError();
};

/**
 * The first place where `value` nests deeper than {@link maxJsonDepth} below the top, as a dotted path, or undefined.
 * Iterative, and it never descends past the limit, so a hostile body cannot exhaust the stack.
 */
export const tooDeepAt = (value: unknown): string | undefined => {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    if (next.path.length > maxJsonDepth) return next.path.join('.');
    for (const [key, child] of Object.entries(next.value)) stack.push({ value: child, path: [...next.path, key] });
  }
  return undefined;
};

/**
 * Reads a JSON request body: 415 unless the content type is JSON, 400 for text that is not JSON or nests deeper
 * than {@link maxJsonDepth}. An empty body reads as `{}`.
 */
export const parseJsonBody = (raw: Buffer, contentType: string | undefined): unknown => {
  if (raw.length === 0) return {};
  if (!jsonMediaType.test(contentType ?? '')) {
    throw new UnsupportedMediaTypeError();
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new ValidationError('The body is not valid JSON.', [{ path: '(body)', message: 'invalid JSON' }]);
  }
  const deep = tooDeepAt(value);
  if (deep !== undefined) {
    throw new ValidationError(`The body nests deeper than ${maxJsonDepth} levels.`, [
      { path: deep, message: `nested deeper than ${maxJsonDepth} levels` },
    ]);
  }
  return value;
};
