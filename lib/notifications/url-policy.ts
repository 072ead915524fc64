import { isIP } from 'node:net';
import { forbiddenAddress } from './address-policy';

/** Where notifications may go beyond the public https internet; both are off in AWS, on for `npm start`. */
export interface DeliveryPolicy {
  /** `WEBHOOK_ALLOW_HTTP=true`: plain http URLs too. */
  allowHttp: boolean;
  /** `WEBHOOK_ALLOW_LOOPBACK=true`: loopback addresses (127.0.0.0/8, ::1, `localhost`), and no other private range. */
  allowLoopback: boolean;
}

/** The policy the environment sets. */
export const deliveryPolicyOf = (env: Readonly<Record<string, unknown>>): DeliveryPolicy => ({
  allowHttp: env.WEBHOOK_ALLOW_HTTP === 'true',
  allowLoopback: env.WEBHOOK_ALLOW_LOOPBACK === 'true',
});

/** A URL's host without IPv6 brackets. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1');

/**
 * What is wrong with `text` as a notification URL, as far as can be told without resolving its name: the scheme,
 * credentials, an IP literal in a forbidden range, `localhost`. Undefined when nothing is; the address a name
 * resolves to is checked again at each send.
 */
export const urlProblem = (text: string, policy: DeliveryPolicy): string | undefined => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not a URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowHttp)) {
    return policy.allowHttp ? 'an http or https URL' : 'an https URL';
  }
  if (url.username || url.password) return 'no credentials in the URL';
  const host = hostOf(url);
  const local = host === 'localhost' || host.endsWith('.localhost');
  if (local && !policy.allowLoopback) return 'localhost is not allowed';
  const kind = isIP(host) ? forbiddenAddress(host, policy) : undefined;
  return kind ? `${kind} addresses are not allowed` : undefined;
};
