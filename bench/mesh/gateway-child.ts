/**
 * GraphQL Mesh in its own process, for the benchmark's third column: composes the account service's
 * OpenAPI document at start (nothing generated is committed) and serves it with Hive Gateway.
 * Environment: LWORK_API_URL, LWORK_TENANT_ID, LWORK_API_KEY. Control over IPC like the GraphQL
 * child: its peak RSS, stop.
 */
import { serveControl } from '../ipc.js';
import { startMeshGateway } from './gateway.js';

const upstreamUrl = process.env.LWORK_API_URL;
if (!upstreamUrl) throw new Error('LWORK_API_URL is required');
const gateway = await startMeshGateway(upstreamUrl);

serveControl(
  {
    // maxRSS is the peak since the process started, in kilobytes.
    memory: () => ({
      peakRss: process.resourceUsage().maxRSS * 1024,
      rss: process.memoryUsage().rss,
      cpuMs: process.cpuUsage().user / 1000 + process.cpuUsage().system / 1000,
    }),
    stop: async () => {
      await gateway.stop();
      setImmediate(() => process.exit(0));
      return {};
    },
  },
  { url: gateway.url },
);
