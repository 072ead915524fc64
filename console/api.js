/**
 * The console's one door to the API. The operator's key lives in sessionStorage (gone when the tab closes) and
 * goes only into the Authorization header: never into a URL, a log or the page.
 */

const keyItem = 'paybridge.console.key';
const operatorItem = 'paybridge.console.operator';

/** The API's root: the console is served at `<root>/console`. */
const apiRoot = () => new URL('.', document.baseURI);

export const session = {
  get key() {
    return sessionStorage.getItem(keyItem);
  },
  /** The desk's name, sent as `operator` with refunds. */
  get operator() {
    return sessionStorage.getItem(operatorItem) ?? '';
  },
  signIn(key, operator) {
    sessionStorage.setItem(keyItem, key);
    if (operator) sessionStorage.setItem(operatorItem, operator);
    else sessionStorage.removeItem(operatorItem);
  },
  signOut() {
    sessionStorage.removeItem(keyItem);
    sessionStorage.removeItem(operatorItem);
  },
};

/** A refused call: the HTTP status and the problem+json the API answered (`code`, `detail`, `errors`). */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.code = problem?.code ?? (status === 0 ? 'network' : 'unknown');
    this.detail = problem?.detail ?? '';
    this.problem = problem;
  }
}

let onUnauthorized = () => {};
/** Called when a signed-in call answers 401 (the key was revoked or the tenant disabled). */
export const whenUnauthorized = (callback) => {
  onUnauthorized = callback;
};

/** A fresh Idempotency-Key: one per action a person starts, reused if the same action is sent again. */
export const newIdempotencyKey = () => crypto.randomUUID();

/**
 * Calls the API with the signed-in key (or `options.key`, for the sign-in check). Answers the parsed JSON body;
 * throws an ApiError for anything but 2xx, and for a network failure (status 0).
 */
export const call = async (method, path, options = {}) => {
  const key = options.key ?? session.key;
  const url = new URL(path, apiRoot());
  for (const [name, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined && value !== '') url.searchParams.set(name, String(value));
  }
  const headers = { authorization: `Bearer ${key}` };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  let res;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, undefined);
  }
  const text = await res.text();
  let body;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (res.ok) return body;
  if (res.status === 401 && options.key === undefined) onUnauthorized();
  throw new ApiError(res.status, body);
};

/** Runs `tasks` (functions answering promises) at most `limit` at a time; answers their results in order. */
export const inBatches = async (tasks, limit) => {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
};
