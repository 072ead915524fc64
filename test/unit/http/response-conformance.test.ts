import { describe, expect, it } from 'vitest';
import { conformanceErrors, type RecordedAnswer } from '../../support/conformance';

const problem = (status: number, code: string) => ({
  type: `https://paybridge.dev/problems/${code}`,
  title: 'x',
  status,
  code,
  detail: 'x',
});
const answer = (over: Partial<RecordedAnswer>): RecordedAnswer => ({
  method: 'GET',
  path: '/v1/payments/pay_1',
  status: 404,
  contentType: 'application/problem+json',
  body: problem(404, 'not_found'),
  ...over,
});

describe('the response-conformance check', () => {
  it('accepts answers the document describes, including problems of unknown routes', () => {
    const health = answer({ path: '/health', status: 200, contentType: 'application/json', body: { status: 'ok' } });
    const unknown = answer({ path: '/v1/nothing' });
    expect(conformanceErrors([answer({}), health, unknown])).toEqual([]);
  });

  it('names the operation, status and place of each mismatch', () => {
    const errors = conformanceErrors([
      answer({ status: 418 }),
      answer({ status: 404, contentType: 'text/plain' }),
      answer({ path: '/health', status: 200, contentType: 'application/json', body: { status: 'down' } }),
      answer({
        path: '/v1/payments',
        status: 200,
        contentType: 'application/json',
        body: { data: [{}], nextCursor: null },
      }),
      answer({ method: 'DELETE', path: '/v1/payments', status: 405, contentType: 'text/html', body: {} }),
    ]);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^getPayment \(GET \/v1\/payments\/\{id\}\) 418: status not documented/),
        'getPayment (GET /v1/payments/{id}) 404: content type text/plain not documented',
        'health (GET /health) 200: body/status must be equal to constant',
        "listPayments (GET /v1/payments) 200: body/data/0 must have required property 'id'",
        'DELETE /v1/payments (no operation) 405: not a problem+json Problem',
      ]),
    );
  });
});
