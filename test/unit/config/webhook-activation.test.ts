import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../lib/config';
import { endpointPresenceTtlMs } from '../../../lib/notifications/endpoint-presence';

describe('WEBHOOK_ENDPOINT_ACTIVATION_S', () => {
  it('is 30 s by default, past the endpoint look-up a function keeps, and refuses a delay that look-up outlasts', () => {
    expect(parseConfig({}).WEBHOOK_ENDPOINT_ACTIVATION_S * 1000).toBeGreaterThan(endpointPresenceTtlMs);
    expect(parseConfig({ WEBHOOK_ENDPOINT_ACTIVATION_S: '0' }).WEBHOOK_ENDPOINT_ACTIVATION_S).toBe(0);
    expect(() => parseConfig({ WEBHOOK_ENDPOINT_ACTIVATION_S: '10' })).toThrow(/at least 30/);
  });
});
