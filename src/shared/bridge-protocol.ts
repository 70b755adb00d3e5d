/**
 * Messages of the Node host's WebSocket bridge (`/bridge`), which carries the same contract as the
 * preload. The browser hands the per-launch bridge token over in the handshake as a WebSocket
 * subprotocol: `new WebSocket(url, [BRIDGE_PROTOCOL, bridgeTokenProtocol(token)])`.
 */
import { z } from 'zod';

/** The subprotocol both sides must name. */
export const BRIDGE_PROTOCOL = 'zephyr-bridge.v1';
/** Path of the WebSocket endpoint on the Node host. */
export const BRIDGE_PATH = '/bridge';

/** The subprotocol entry that carries the token (tokens are base64url, valid protocol tokens). */
export function bridgeTokenProtocol(token: string): string {
  return `token.${token}`;
}

/** Browser → host. */
export const BridgeRequest = z.object({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  name: z.string(),
  input: z.unknown(),
});
export type BridgeRequest = z.infer<typeof BridgeRequest>;

/** Host → browser: the answer to one `invoke`, or an event. */
export const BridgeMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.number().int().nonnegative(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({
        ok: z.literal(false),
        error: z.object({ code: z.string(), message: z.string() }),
      }),
    ]),
  }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type BridgeMessage = z.infer<typeof BridgeMessage>;
