import { describe, expect, it } from 'vitest';
import { EndpointPresence, endpointPresenceTtlMs } from '../../../lib/notifications/endpoint-presence';

/** A tenant's endpoint list that counts its reads and can change. */
const endpointsOf = () => {
  const state = { endpoints: [] as string[], reads: 0 };
  const list = async () => {
    state.reads++;
    return state.endpoints;
  };
  return { state, list };
};

describe('EndpointPresence', () => {
  it('reads a tenant’s endpoints once per 25 s from when it asked, forgets on demand, and sees a new endpoint after either', async () => {
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

  it('does not keep what a look-up under way saw when the process forgets meanwhile', async () => {
    let answer: (endpoints: string[]) => void = () => {};
    let reads = 0;
    const presence = new EndpointPresence(() => {
      reads++;
      return new Promise<string[]>((resolve) => {
        answer = resolve;
      });
    });
    const stale = presence.has('t1');
    presence.forget('t1');
    answer([]);
    expect(await stale).toBe(false);
    const fresh = presence.has('t1');
    answer(['whe_1']);
    expect(await fresh).toBe(true);
    expect(reads).toBe(2);
  });
});
