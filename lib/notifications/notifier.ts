/** What one delivery attempt came to: a 2xx answer, another answer (its status), or no answer (why). */
export interface DeliveryResult {
  ok: boolean;
  status?: number;
  error?: string;
}

/** POSTs one signed notification body to one URL. */
export interface Notifier {
  send(url: string, body: string, signature: string): Promise<DeliveryResult>;
}
