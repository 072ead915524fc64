import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../../../lib/domain/payment';
import {
  EndpointPresence,
  endpointPresenceTtlMs,
  entriesToHandOver,
} from '../../../lib/notifications/endpoint-presence';

const entry = (destination: OutboxEntry['destination']): OutboxEntry => ({
  eventId: 'evt_1',
  eventType: 'payment.paid',
  destination,
  url: destination === 'notify_url' ? 'https://caller.example/hook' : '',
  attempts: 0,
  nextAttemptAt: '2026-03-01T00:00:00.000Z',
});

/** A tenant's endpoint list that counts its reads and can change. */
const endpointsOf = () => {
  const state = { endpoints: [] as string[], reads: 0 };
  return { state, list: async () => (state.reads++, state.endpoints) };
};

describe('EndpointPresence', () => {
  it('reads a tenant’s endpoints once per 30 s, forgets on demand, and sees a new endpoint after either', async () => {
    let now = 0;
    const { state, list } = endpointsOf();
    const presence = new EndpointPresence(list, () => now);
    expect(await presence.has('t1')).toBe(false);
    state.endpoints.push('whe_1');
    expect(await presence.has('t1')).toBe(false);
    expect(state.reads).toBe(1);
    now += endpointPresenceTtlMs;
    expect(await presence.has('t1')).toBe(true);
    state.endpoints.length = 0;
    presence.forget('t1');
    expect(await presence.has('t1')).toBe(false);
    expect(state.reads).toBe(3);
  });
});

describe('entriesToHandOver', () => {
  const added = [entry('notify_url'), entry('endpoints')];

  it('holds back only the endpoints entry of a tenant seen without endpoints; the notifyUrl goes at once', async () => {
    const none = { has: async () => false };
    expect((await entriesToHandOver(none, 't1', added)).map((e) => e.destination)).toEqual(['notify_url']);
  });

  it('hands everything over for a tenant with endpoints, or when the look-up fails', async () => {
    const some = { has: async () => true };
    const failing = { has: async () => Promise.reject(new Error('throttled')) };
    expect(await entriesToHandOver(some, 't1', added)).toEqual(added);
    expect(await entriesToHandOver(failing, 't1', added)).toEqual(added);
  });

  it('asks nothing when the write added no endpoints entry', async () => {
    let asked = 0;
    const counting = { has: async () => (asked++, false) };
    const only = [entry('notify_url')];
    expect(await entriesToHandOver(counting, 't1', only)).toEqual(only);
    expect(asked).toBe(0);
  });
});
