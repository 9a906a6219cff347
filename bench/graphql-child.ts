/**
 * The measured GraphQL layer in its own process, configured from the environment exactly as
 * `npm start` in production. Control over IPC: its peak RSS, stop (which lets --cpu-prof write its
 * profile).
 */
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startGraphQLServer } from '../src/server/server.js';
import { serveMeasuredServer } from './ipc.js';

const config = loadConfig();
const logger = createLogger(config.logLevel);
if (config.upstream.kind !== 'remote') throw new Error('LWORK_API_URL is required');
const server = await startGraphQLServer(config, logger);

const inspector = new Session();

serveMeasuredServer(server, {
  // A CPU profile of a window of the run only (`--cpu-prof` would include start-up).
  profileStart: async () => {
    inspector.connect();
    await inspector.post('Profiler.enable');
    await inspector.post('Profiler.start');
    return {};
  },
  profileStop: async (message) => {
    const { profile } = await inspector.post('Profiler.stop');
    await writeFile(String(message.path), JSON.stringify(profile));
    inspector.disconnect();
    return {};
  },
});
