/**
 * A fault-injecting stand-in for the account service, for the faults the real one cannot produce:
 * hangs, 5xx, garbage, wrong shapes, resets. A real HTTP server on 127.0.0.1; each request is
 * answered by the next scripted behaviour (the last one repeats).
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Behaviour = (req: IncomingMessage, res: ServerResponse) => void;

export interface FaultUpstream {
  url: string;
  /** Every request received, in order. */
  requests: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  connections: number;
  script(...behaviours: Behaviour[]): void;
  close(): Promise<void>;
}

export const answer =
  (status: number, body: unknown, headers: Record<string, string> = {}): Behaviour =>
  (_req, res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

export const ok = (data?: unknown): Behaviour =>
  answer(
    200,
    data === undefined ? { result: true, mcode: 'm0000000' } : { result: true, mcode: 'm0000000', data },
  );
export const hang: Behaviour = () => {};
export const reset: Behaviour = (req) => req.socket.destroy();

export async function startFaultUpstream(): Promise<FaultUpstream> {
  let queue: Behaviour[] = [ok()];
  const requests: FaultUpstream['requests'] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    req.resume();
    const behaviour = queue.length > 1 ? queue.shift() : queue[0];
    req.once('end', () => behaviour?.(req, res));
  });
  server.on('connection', (socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    get connections() {
      return connections;
    },
    script(...behaviours) {
      queue = behaviours;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
