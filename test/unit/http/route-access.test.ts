import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../lib/http/routes';

const root = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

/**
 * Each API function checks the scope it declares itself (so it never loads the route table); the route table is what
 * the stack, the local server and the OpenAPI document read. The two must say the same.
 */
describe('the route table and the handlers', () => {
  it.each(
    routes.filter((r) => r.auth).map((r) => [`${r.method} ${r.path}`, r] as const),
  )('%s: the handler checks the scope and honours Idempotency-Key exactly as the table says', async (_key, route) => {
    const module = (await import(/* @vite-ignore */ `${root}/${route.handler}.ts`)) as {
      handler: { access?: { scope: string; idempotent: boolean } };
    };
    expect(module.handler.access).toEqual({ scope: route.scope, idempotent: route.idempotent ?? false });
  });
});
