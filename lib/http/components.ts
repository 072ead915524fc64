import * as z from '../zod';

/**
 * The schemas the OpenAPI document names under `components/schemas`, each with its id. Every request body and
 * response schema of the route table is registered here, so the document refers to them by `$ref` instead of
 * inlining (or, worse, nesting `$defs` that OpenAPI tools cannot resolve).
 */
export const components = z.registry<{ id: string }>();

/** Registers `schema` as the component `id` and returns it unchanged. */
export const named = <T extends z.core.$ZodType>(id: string, schema: T): T => {
  components.add(schema, { id });
  return schema;
};
