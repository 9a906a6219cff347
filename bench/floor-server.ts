/**
 * The floor: a minimal hand-written node:http endpoint that makes the same upstream call as the
 * GraphQL answer of scenario 1 (2.8 over a keep-alive agent) and shapes the same JSON, with no
 * GraphQL, no validation and no limits. No layer can beat it. GET /user/{id}.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveControl } from './ipc.js';

const upstreamUrl = new URL(process.env.LWORK_API_URL ?? 'http://127.0.0.1:0');
const headers = {
  accept: 'application/json',
  'x-api-tenantid': process.env.LWORK_TENANT_ID ?? '',
  'x-api-token': process.env.LWORK_API_KEY ?? '',
};
const agent = new http.Agent({ keepAlive: true, maxSockets: 128, scheduling: 'lifo' });

interface WireAccount {
  accountId: string;
  accountName?: string | null;
  accountType?: string | null;
  balance?: number | null;
  currency?: string | null;
  leverage?: number | null;
  platformName?: string | null;
  serverName?: string | null;
  accountGroup?: string | null;
  accountGroupName?: string | null;
  status?: boolean | null;
}

function detail(userId: string): Promise<{ username?: string | null; accounts?: WireAccount[] | null }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: upstreamUrl.hostname,
        port: upstreamUrl.port,
        path: `/v1/api/user/${encodeURIComponent(userId)}/detail`,
        headers,
        agent,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          try {
            const envelope = JSON.parse(body) as { result: boolean; data?: never };
            if (!envelope.result) reject(new Error('upstream refused'));
            else resolve(envelope.data ?? {});
          } catch (error) {
            reject(error);
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const server = http.createServer((req, res) => {
  const id = decodeURIComponent((req.url ?? '').slice('/user/'.length));
  detail(id).then(
    (d) => {
      const user = {
        id,
        name: d.username ?? null,
        tradingAccounts: (d.accounts ?? []).map((a) => ({
          id: a.accountId,
          name: a.accountName ?? null,
          type: a.accountType === 'Live' ? 'LIVE' : a.accountType === 'Demo' ? 'DEMO' : null,
          balance: a.balance ?? null,
          currency: a.currency ?? null,
          leverage: a.leverage ?? null,
          platform: a.platformName ?? null,
          server: a.serverName ?? null,
          group: a.accountGroup ? { id: a.accountGroup, name: a.accountGroupName ?? null } : null,
          active: a.status ?? null,
        })),
      };
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify({ data: { user } }));
    },
    () => {
      res.writeHead(502, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"errors":[{"message":"upstream failed"}]}');
    },
  );
});
server.keepAliveTimeout = 65_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as AddressInfo;

serveControl(
  {
    memory: () => ({ cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }),
    stop: () => {
      server.close();
      server.closeAllConnections();
      agent.destroy();
      setImmediate(() => process.exit(0));
      return {};
    },
  },
  { url: `http://127.0.0.1:${port}` },
);
