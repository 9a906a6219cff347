/**
 * GraphQL Mesh in its own process, for the benchmark's third column: composes the account service's
 * OpenAPI document at start (nothing generated is committed) and serves it with Hive Gateway.
 * Environment: LWORK_API_URL, LWORK_TENANT_ID, LWORK_API_KEY. Control over IPC like the GraphQL
 * child: its peak RSS, stop.
 */
import { serveMeasuredServer } from '../ipc.js';
import { startMeshGateway } from './gateway.js';

const upstreamUrl = process.env.LWORK_API_URL;
if (!upstreamUrl) throw new Error('LWORK_API_URL is required');
const gateway = await startMeshGateway(upstreamUrl);

serveMeasuredServer(gateway);
