/**
 * A WebSocket client on a bare TCP socket, for sending frames no WebSocket library would send
 * (invalid UTF-8, reserved opcodes, unmasked frames, bad close codes, oversized frames).
 */
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { BRIDGE_PROTOCOL, bridgeTokenProtocol } from '../../src/shared/bridge-protocol.js';

/** One raw frame. */
export interface RawFrame {
  fin?: boolean;
  rsv?: number;
  opcode: number;
  masked?: boolean;
  payload: Buffer;
  /** Announce this length instead of the payload's (a lie the server must survive). */
  announcedLength?: number;
}

/** Encodes a frame as a client would (masked unless `masked: false`). */
export function encodeFrame(frame: RawFrame): Buffer {
  const masked = frame.masked ?? true;
  const length = frame.announcedLength ?? frame.payload.length;
  const head: number[] = [
    ((frame.fin ?? true) ? 0x80 : 0) | ((frame.rsv ?? 0) << 4) | frame.opcode,
  ];
  const maskBit = masked ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(length);
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(length));
  }
  const payload = Buffer.from(frame.payload);
  if (!masked) return Buffer.concat([Buffer.from(head), ext, payload]);
  const mask = randomBytes(4);
  for (let i = 0; i < payload.length; i += 1) payload[i] = payload[i]! ^ mask[i % 4]!;
  return Buffer.concat([Buffer.from(head), ext, mask, payload]);
}

/** An open raw connection to the bridge. `closed` resolves when the server ends it. */
export interface RawConnection {
  socket: Socket;
  closed: Promise<void>;
  /** Every byte the server sent after the handshake. */
  received(): Buffer;
  send(bytes: Buffer): void;
}

/** Opens the bridge over TCP with a valid handshake (token, origin, host). */
export function openRaw(port: number, token: string): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (upgraded) return;
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString();
      buffer = buffer.subarray(end + 4);
      if (!head.startsWith('HTTP/1.1 101')) {
        reject(new Error(`handshake refused: ${head.split('\r\n')[0]}`));
        return;
      }
      upgraded = true;
      resolve({
        socket,
        closed,
        received: () => buffer,
        send: (bytes) => {
          if (!socket.destroyed) socket.write(bytes);
        },
      });
    });
    socket.once('connect', () => {
      socket.write(
        [
          'GET /bridge HTTP/1.1',
          `Host: 127.0.0.1:${port}`,
          `Origin: http://127.0.0.1:${port}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Sec-WebSocket-Protocol: ${BRIDGE_PROTOCOL}, ${bridgeTokenProtocol(token)}`,
          '',
          '',
        ].join('\r\n'),
      );
    });
    socket.once('close', () => {
      if (!upgraded) reject(new Error('closed before the handshake'));
    });
  });
}
