import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020';
import { buildOpenApi } from '../../lib/http/openapi';
import { routePattern, routes } from '../../lib/http/routes';

/** One answer the suite received, as the response-conformance check needs it. */
export interface RecordedAnswer {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
}

type Responses = Record<string, { content?: Record<string, unknown> }>;

const operations = routes.map((route) => ({ route, pattern: routePattern(route.path) }));
const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

/**
 * Checks each answer against the OpenAPI document the gateway serves: its status must be documented for the
 * operation, with the media type it came in and a body that validates against that response's schema (JSON
 * Schema 2020-12). Answers that belong to no operation (unknown path, wrong method) must be a Problem.
 * Returns one line per distinct mismatch, naming operation, status and where in the body.
 */
export const conformanceErrors = (answers: readonly RecordedAnswer[]): string[] => {
  const doc = buildOpenApi();
  const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
  ajv.addSchema(doc, 'openapi.json');
  const validators = new Map<string, ValidateFunction>();
  const validator = (ref: string) => {
    let validate = validators.get(ref);
    if (!validate) {
      validate = ajv.getSchema(`openapi.json#/${ref}`);
      if (!validate) throw new Error(`no schema at ${ref}`);
      validators.set(ref, validate);
    }
    return validate;
  };
  const errors = new Set<string>();
  for (const answer of answers) {
    const type = answer.contentType?.split(';')[0]?.trim() ?? '(none)';
    const found = operations.find((o) => o.route.method === answer.method && o.pattern.test(answer.path))?.route;
    if (!found) {
      const validate = validator(pointer('components', 'schemas', 'Problem'));
      if (type !== 'application/problem+json' || !validate(answer.body)) {
        errors.add(`${answer.method} ${answer.path} (no operation) ${answer.status}: not a problem+json Problem`);
      }
      continue;
    }
    const method = found.method.toLowerCase();
    const name = `${found.operationId} (${found.method} ${found.path}) ${answer.status}`;
    const responses = (doc.paths[found.path] as Record<string, { responses: Responses }>)[method]?.responses ?? {};
    const documented = responses[String(answer.status)];
    if (!documented) {
      errors.add(`${name}: status not documented (documented: ${Object.keys(responses).join(', ')})`);
      continue;
    }
    if (!documented.content) continue;
    if (!documented.content[type]) {
      errors.add(`${name}: content type ${type} not documented`);
      continue;
    }
    const validate = validator(
      pointer('paths', found.path, method, 'responses', String(answer.status), 'content', type, 'schema'),
    );
    if (!validate(answer.body)) {
      for (const e of validate.errors ?? []) errors.add(`${name}: body${e.instancePath} ${e.message}`);
    }
  }
  return [...errors];
};
