/** An in-memory pino destination: tests read back exactly what the process would have written. */
import type { DestinationStream } from 'pino';

export type LogRecord = Record<string, unknown> & { msg?: string; level?: number };

export interface LogCapture {
  stream: DestinationStream;
  /** The raw JSON lines, as written. */
  lines: string[];
  records(): LogRecord[];
}

export function captureLogs(): LogCapture {
  const lines: string[] = [];
  return {
    stream: {
      write(line: string) {
        lines.push(line);
      },
    },
    lines,
    records: () => lines.map((line) => JSON.parse(line) as LogRecord),
  };
}
