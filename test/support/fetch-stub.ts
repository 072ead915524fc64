import { readFileSync } from 'node:fs';
import { vi } from 'vitest';

export interface SentRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

export type StubAnswer = { fixture: string; status?: number } | { text: string; status?: number } | { error: Error };

/** A provider fixture's text from test/fixtures/<provider>/<name>. */
export const fixtureText = (provider: string, name: string): string =>
  readFileSync(new URL(`../fixtures/${provider}/${name}`, import.meta.url), 'utf8');

/** Replaces fetch for one adapter unit test: answers with `answer` and records every request. */
export const stubFetch = (provider: string, answer: StubAnswer): SentRequest[] => {
  const sent: SentRequest[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({
      url,
      method: init.method ?? 'GET',
      headers: (init.headers ?? {}) as Record<string, string>,
      body: String(init.body ?? ''),
    });
    if ('error' in answer) throw answer.error;
    const text = 'fixture' in answer ? fixtureText(provider, answer.fixture) : answer.text;
    return new Response(text, { status: answer.status ?? 200 });
  });
  return sent;
};

/** Errors as Node's fetch raises them. */
export const connectionRefused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
export const connectionDropped = Object.assign(new TypeError('fetch failed'), { cause: { code: 'UND_ERR_SOCKET' } });
