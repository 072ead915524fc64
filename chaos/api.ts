/** What the API answered; status 0 is no answer within the client's timeout (or a dropped connection). */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Every answer the run saw, for the "no 500" invariant and the report. */
export interface AnswerRecord {
  method: string;
  /** The path with the payment id replaced by `{id}` and without the query. */
  route: string;
  status: number;
  paymentId: string | null;
}

export interface RequestOptions {
  body?: unknown;
  headers?: Record<string, string>;
  /** How many times the same request (same body, same headers) is sent again after a 5xx or no answer. */
  retries?: number;
}

/** A body that is not JSON (never expected from the API) is kept as text rather than lost. */
const parseBody = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return { text };
  }
};

const paymentIdIn = (path: string) => /\/v1\/payments\/(pay_[^/?]+)/.exec(path)?.[1] ?? null;

/** A small client for the gateway's API that records every answer and retries as a careful caller would. */
export class ApiClient {
  readonly answers: AnswerRecord[] = [];

  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
    private readonly timeoutMs: number,
  ) {}

  async request<T = Record<string, unknown>>(
    method: string,
    path: string,
    options: RequestOptions = {},
  ): Promise<Answer<T>> {
    for (let attempt = 0; ; attempt++) {
      const answer = await this.once<T>(method, path, options);
      const retry = answer.status === 0 || answer.status >= 500;
      if (!retry || attempt >= (options.retries ?? 0)) return answer;
    }
  }

  private async once<T>(method: string, path: string, options: RequestOptions): Promise<Answer<T>> {
    let answer: Answer<T>;
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.key}`,
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      answer = { status: res.status, body: parseBody(await res.text()) as T };
    } catch {
      answer = { status: 0, body: {} as T };
    }
    this.answers.push({
      method,
      route: path.replace(/\?.*$/, '').replace(/\/pay_[^/]+/, '/{id}'),
      status: answer.status,
      paymentId: paymentIdIn(path),
    });
    return answer;
  }
}

/** POSTs a sandbox control (payer actions, faults); answers its status and JSON body. */
export const sandboxPost = async (sandboxUrl: string, path: string, body: unknown = {}): Promise<Answer> => {
  const res = await fetch(`${sandboxUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: parseBody(await res.text()) as Record<string, unknown> };
};

export const sandboxDelete = async (sandboxUrl: string, path: string): Promise<void> => {
  await (await fetch(`${sandboxUrl}${path}`, { method: 'DELETE' })).text();
};
