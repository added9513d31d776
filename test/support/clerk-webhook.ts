/**
 * Delivers a Clerk webhook to a gateway as Svix sends it: Standard Webhooks headers, signed with the
 * endpoint's `whsec_` secret (or with the `signature` given, to test a forged one).
 */
import { Webhook } from 'standardwebhooks';

export interface WebhookDelivery {
  /** The gateway's base URL; the delivery goes to its `/webhooks/clerk`. */
  readonly url: string;
  readonly secret: string;
  readonly body: string;
  readonly id?: string;
  /** Sent instead of the valid signature. */
  readonly signature?: string;
}

export function deliverClerkWebhook(delivery: WebhookDelivery): Promise<Response> {
  const id = delivery.id ?? `msg_${Math.random().toString(36).slice(2)}`;
  const timestamp = new Date();
  const signature = delivery.signature ?? new Webhook(delivery.secret).sign(id, timestamp, delivery.body);
  return fetch(`${delivery.url}/webhooks/clerk`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'svix-signature': signature,
    },
    body: delivery.body,
  });
}
