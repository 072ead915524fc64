import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { forbiddenAddress } from './address-policy';
import type { DeliveryResult, Notifier } from './notifier';
import { type DeliveryPolicy, hostOf, urlProblem } from './url-policy';

/** Resolves a host name to every address it has (the system resolver by default; a stub in tests). */
export type Resolve = (hostname: string) => Promise<LookupAddress[]>;

const systemResolve: Resolve = (hostname) =>
  new Promise((resolve, reject) =>
    dnsLookup(hostname, { all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );

export interface HttpNotifierOptions {
  policy: DeliveryPolicy;
  /** The whole exchange — lookup, connect, request, answer — must end within this. */
  timeoutMs?: number;
  /** At most this much of the answer is read, then the connection is dropped; the answer is never kept. */
  maxAnswerBytes?: number;
  resolve?: Resolve;
}

class RefusedAddressError extends Error {
  constructor(address: string, kind: string) {
    super(`refused: ${address} is a ${kind} address`);
  }
}

/**
 * A `lookup` for node's http(s) `request`: it resolves the name and refuses the connection if any address is in a
 * forbidden range. The check runs inside the connection's own lookup, so the address checked is the address
 * connected to: a name that resolves to a public address once and a private one the next time (DNS rebinding)
 * cannot slip between a check and the connect.
 */
const guardedLookup =
  (resolve: Resolve, policy: DeliveryPolicy): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname).then(
      (found) => {
        const family = typeof options === 'object' ? options.family : options;
        const addresses = found.filter((a) => !family || a.family === family);
        const refused = addresses.find((a) => forbiddenAddress(a.address, policy));
        if (!addresses.length) return callback(new Error(`no address for ${hostname}`), '', 0);
        if (refused) {
          const kind = forbiddenAddress(refused.address, policy) as string;
          return callback(new RefusedAddressError(refused.address, kind), '', 0);
        }
        if (typeof options === 'object' && options.all) return (callback as never as AllCallback)(null, addresses);
        const [first] = addresses as [LookupAddress];
        callback(null, first.address, first.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, '', 0),
    );
  };
type AllCallback = (error: Error | null, addresses: LookupAddress[]) => void;

/**
 * Sends notifications so that a caller's URL cannot turn the gateway against its own network or hold it up:
 * http(s) only (https only unless the policy allows http), no credentials, every resolved address checked at
 * send time, no redirects followed (a 3xx is a failed attempt), one timeout for the whole exchange, and at most
 * `maxAnswerBytes` of the answer read and thrown away.
 */
export class HttpNotifier implements Notifier {
  private readonly timeoutMs: number;
  private readonly maxAnswerBytes: number;
  private readonly lookup: LookupFunction;

  constructor(private readonly options: HttpNotifierOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxAnswerBytes = options.maxAnswerBytes ?? 64 * 1024;
    this.lookup = guardedLookup(options.resolve ?? systemResolve, options.policy);
  }

  async send(target: string, body: string, signature: string): Promise<DeliveryResult> {
    const problem = urlProblem(target, this.options.policy);
    if (problem) return { ok: false, error: `refused URL: ${problem}` };
    const url = new URL(target);
    const host = hostOf(url);
    // A literal address never reaches the lookup; urlProblem has judged it already.
    const options: RequestOptions = {
      method: 'POST',
      agent: false,
      ...(isIP(host) ? {} : { lookup: this.lookup }),
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'user-agent': 'paybridge-webhooks',
        'paybridge-signature': signature,
      },
    };
    return new Promise<DeliveryResult>((resolve) => {
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options);
      let settled = false;
      const finish = (result: DeliveryResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        resolve(result);
      };
      const timer = setTimeout(
        () => finish({ ok: false, error: `no answer within ${this.timeoutMs} ms` }),
        this.timeoutMs,
      );
      req.on('error', (error) => finish({ ok: false, error: error.message }));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const result = { ok: status >= 200 && status < 300, status };
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read >= this.maxAnswerBytes) finish(result);
        });
        res.on('end', () => finish(result));
        res.on('error', () => finish(result));
      });
      req.end(body);
    });
  }
}
