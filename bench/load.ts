/**
 * Load generators. Single-request targets run under autocannon; "operations" that are several HTTP
 * calls (a REST client's search plus 20 details) run in a small loop of concurrent virtual clients
 * over a keep-alive agent, and so do their GraphQL counterparts, so both sides of a ratio share one
 * client implementation. Every response is checked: a non-200 or an error body is a failure.
 */
import http from 'node:http';
import autocannon from 'autocannon';

export interface RoundResult {
  ops: number;
  failures: number;
  seconds: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
}

export interface HttpRequestSpec {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  /** True when the body is a success (no GraphQL errors, a success envelope). */
  ok: (body: string) => boolean;
}

/**
 * A fixed number of requests rather than a duration: autocannon then waits for every answer, so no
 * request is cut off at the end of a round (a cut-off request would cost the layer an upstream socket
 * and show up as a new upstream connection in the next round). autocannon ends such a run on its
 * next one-second tick and keeps whole milliseconds only, so time and latency are taken here from its
 * response events.
 */
export function autocannonRound(
  spec: HttpRequestSpec,
  connections: number,
  amount: number,
): Promise<RoundResult> {
  const latencies: number[] = [];
  let started = 0;
  let last = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: spec.url,
        method: spec.method,
        headers: spec.headers,
        body: spec.body,
        connections,
        amount: Math.max(amount, connections),
        verifyBody: spec.ok,
      },
      (error, result) => {
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        resolve({
          ops: result['2xx'] - result.mismatches,
          failures: result.non2xx + result.errors + result.timeouts + result.mismatches,
          seconds: (last - started) / 1000,
          p50: percentile(latencies, 0.5),
          p99: percentile(latencies, 0.99),
        });
      },
    );
    started = performance.now();
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
      last = performance.now();
    });
  });
}

/** One HTTP call over a shared agent: resolves with the body, rejects on a non-200 or a failed check. */
export function send(agent: http.Agent, spec: HttpRequestSpec): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(spec.url);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: `${url.pathname}${url.search}`,
        method: spec.method,
        headers: spec.headers,
        agent,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => {
          if (res.statusCode !== 200 || !spec.ok(body)) {
            reject(new Error(`${spec.method} ${url.pathname}: ${res.statusCode} ${body.slice(0, 200)}`));
          } else resolve(body);
        });
      },
    );
    req.on('error', reject);
    req.end(spec.body);
  });
}

/** What a loop of virtual clients did, with the first failure's message if any failed. */
export type LoopResult = RoundResult & { firstError?: string };

/** Virtual clients running until stopped: a round's load, or another load beside one. */
export interface RunningLoop {
  /** Lets every client finish the operation it is in (none is cut off), then reports. */
  stop(): Promise<LoopResult>;
}

/**
 * `connections` virtual clients, each running `operation` back to back until stopped. Latency is per
 * operation, however many calls it makes.
 */
export function startLoop(
  operation: (agent: http.Agent) => Promise<void>,
  connections: number,
  maxSockets: number,
): RunningLoop {
  const agent = new http.Agent({ keepAlive: true, maxSockets, scheduling: 'lifo' });
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  let stopped = false;
  const started = performance.now();
  const client = async () => {
    while (!stopped) {
      const t0 = performance.now();
      try {
        await operation(agent);
        latencies.push(performance.now() - t0);
      } catch (error) {
        failures++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  const clients = Promise.all(Array.from({ length: connections }, client));
  return {
    async stop() {
      stopped = true;
      await clients;
      const elapsed = (performance.now() - started) / 1000;
      agent.destroy();
      latencies.sort((a, b) => a - b);
      return {
        ops: latencies.length,
        failures,
        seconds: elapsed,
        p50: percentile(latencies, 0.5),
        p99: percentile(latencies, 0.99),
        ...(firstError ? { firstError } : {}),
      };
    },
  };
}

/** `connections` virtual clients running `operation` back to back for `seconds`. */
export async function loopRound(
  operation: (agent: http.Agent) => Promise<void>,
  connections: number,
  seconds: number,
  maxSockets: number,
): Promise<LoopResult> {
  const loop = startLoop(operation, connections, maxSockets);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  return loop.stop();
}

function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}
