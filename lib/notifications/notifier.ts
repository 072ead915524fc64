import type { PaymentEvent } from '../domain/payment';
import { signatureHeader } from './signature';

/** Sends one event to a caller's `notifyUrl`; true when the caller answered 2xx. */
export interface Notifier {
  send(url: string, event: PaymentEvent): Promise<boolean>;
}

/** POSTs the event as JSON, signed with the webhook secret; a caller gets a few seconds to answer. */
export class HttpNotifier implements Notifier {
  constructor(
    private readonly secret: string,
    private readonly timeoutMs = 3000,
  ) {}

  async send(url: string, event: PaymentEvent): Promise<boolean> {
    const body = JSON.stringify(event);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'paybridge-signature': signatureHeader(this.secret, body, Math.floor(Date.now() / 1000)),
        },
        body,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      await res.arrayBuffer();
      return res.status >= 200 && res.status < 300;
    } catch {
      return false;
    }
  }
}
