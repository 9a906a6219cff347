/**
 * The Apollo BFF in its own process, for the benchmark's Apollo BFF column. Environment:
 * LWORK_API_URL, LWORK_TENANT_ID, LWORK_API_KEY. Control over IPC like the other servers: peak RSS,
 * stop.
 */
import { serveMeasuredServer } from '../ipc.js';
import { startApolloBff } from './server.js';

const { LWORK_API_URL: upstreamUrl, LWORK_TENANT_ID: id, LWORK_API_KEY: apiKey } = process.env;
if (!upstreamUrl || !id || !apiKey)
  throw new Error('LWORK_API_URL, LWORK_TENANT_ID and LWORK_API_KEY are required');
const bff = await startApolloBff(upstreamUrl, { id, apiKey });

serveMeasuredServer(bff);
