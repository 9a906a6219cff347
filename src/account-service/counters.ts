/** Request and connection counts, read by tests and by the benchmark (keep-alive check). */
export interface RequestCounters {
  /** Every request, including 401, 404 and 405 answers. */
  total: number;
  /** Requests that matched a route, by contract section ('2.1' .. '2.15'), valid or not. */
  bySection: Record<string, number>;
  /** TCP connections accepted. */
  connections: number;
  /** Requests being handled right now, and the most at once since the last reset. */
  inFlight: number;
  maxInFlight: number;
  reset(): void;
}

export function createCounters(): RequestCounters {
  return {
    total: 0,
    bySection: {},
    connections: 0,
    inFlight: 0,
    maxInFlight: 0,
    reset() {
      this.total = 0;
      this.bySection = {};
      this.connections = 0;
      this.maxInFlight = this.inFlight;
    },
  };
}
