/**
 * A webhook receiver on loopback for tests: records every delivery (headers and body), checks its
 * signature with the hook's secret, and answers as told (200 by default, or a status, or never).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The signature checked with the secret set (`receiver.secret`); undefined when no secret is set. */
  signed: boolean | undefined;
  /** What the receiver answered. */
  status: number;
}

export interface Receiver {
  url: string;
  received: Received[];
  /** The hook's signing secret, to check signatures with. */
  secret: string | undefined;
  /** How to answer the next requests: a status, or 'hang' (never answer). */
  answer: number | 'hang';
  close(): Promise<void>;
}

/** Whether `Trophyroom-Signature: t=…,v1=…` is the HMAC-SHA256 of `<t>.<body>` with `secret`. */
export function verifySignature(header: string | undefined, body: string, secret: string): boolean {
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!match) return false;
  const expected = createHmac('sha256', secret).update(`${match[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(match[2] as string, 'hex'));
}

export async function startReceiver(): Promise<Receiver> {
  const hanging: ServerResponse[] = [];
  const receiver: Receiver = { url: '', received: [], secret: undefined, answer: 200, close: async () => {} };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')]));
      const answer = receiver.answer;
      const signed = receiver.secret === undefined ? undefined : verifySignature(headers['trophyroom-signature'], body, receiver.secret);
      if (answer === 'hang') {
        hanging.push(res);
        return;
      }
      receiver.received.push({ path: req.url ?? '/', headers, body, signed, status: answer });
      res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok thanks' : 'nope');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  receiver.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/hook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}
