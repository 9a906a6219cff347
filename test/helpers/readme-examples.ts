/**
 * The fenced examples of README.md, classified for test/docs/readme-examples.test.ts.
 *
 * A block is classified by its fence language, or by a marker: an HTML comment on the last non-blank
 * line before the fence, `<!-- example: DIRECTIVE -->`. Directives:
 *   - `output of npm start`: what `npm start` prints (compared by test/server/start-output.test.ts)
 *   - `output`: shows output or a value to paste, not a command (still parsed when it is JSON)
 *   - `not run: REASON`: a command the test must not run, and why
 *   - `signed in as the demo user` / `signed in as the demo admin`: a GraphQL document sent with
 *     that user's session token (anonymous without it)
 *   - `server`: a TypeScript program that serves until stopped and prints its URL
 * Languages: `sh` runs in bash, `graphql` is sent over HTTP, `ts` is type-checked and run, `tsx` is
 * type-checked (browser code), `yaml` and `json` are parsed. Anything else, or a block with neither
 * a known language nor a marker, fails the test as unclassified.
 */

export type Identity = 'demo user' | 'demo admin';

export type Example =
  | { kind: 'shell'; code: string }
  | { kind: 'graphql'; code: string; as?: Identity }
  | { kind: 'program'; code: string; language: 'ts'; server: boolean }
  | { kind: 'typecheck'; code: string; language: 'tsx' }
  | { kind: 'yaml'; code: string }
  | { kind: 'json'; code: string }
  | { kind: 'output'; code: string; of?: 'npm start' }
  | { kind: 'not run'; code: string; reason: string }
  | { kind: 'unclassified'; code: string; why: string };

export type ReadmeExample = Example & { line: number; heading: string };

const FENCE = /^(`{3,})(\S*)\s*$/;
const MARKER = /^<!--\s*example:\s*(.+?)\s*-->$/;

export function readmeExamples(markdown: string): ReadmeExample[] {
  const lines = markdown.split('\n');
  const examples: ReadmeExample[] = [];
  let heading = '';
  let lastText = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const open = FENCE.exec(line);
    if (!open) {
      if (line.startsWith('#')) heading = line.replace(/^#+\s*/, '');
      if (line.trim()) lastText = line.trim();
      continue;
    }
    const [, ticks = '```', language = ''] = open;
    const start = i;
    const body: string[] = [];
    while (++i < lines.length && lines[i]?.trimEnd() !== ticks) body.push(lines[i] ?? '');
    const marker = MARKER.exec(lastText)?.[1];
    examples.push({ ...classify(language, marker, `${body.join('\n')}\n`), line: start + 1, heading });
    lastText = '';
  }
  return examples;
}

function classify(language: string, marker: string | undefined, code: string): Example {
  if (marker === 'output of npm start') return { kind: 'output', code, of: 'npm start' };
  if (marker === 'output') return language === 'json' ? { kind: 'json', code } : { kind: 'output', code };
  if (marker?.startsWith('not run:')) {
    const reason = marker.slice('not run:'.length).trim();
    if (reason) return { kind: 'not run', code, reason };
  }
  const signedIn = /^signed in as the (demo user|demo admin)$/.exec(marker ?? '')?.[1] as
    | Identity
    | undefined;
  if (marker !== undefined && !signedIn && marker !== 'server') {
    return { kind: 'unclassified', code, why: `unknown marker "example: ${marker}"` };
  }
  if (signedIn && language !== 'graphql') {
    return { kind: 'unclassified', code, why: `"signed in as" marks a graphql block, not ${language}` };
  }
  if (marker === 'server' && language !== 'ts') {
    return { kind: 'unclassified', code, why: `"server" marks a ts block, not ${language || 'plain'}` };
  }
  switch (language) {
    case 'sh':
    case 'bash':
    case 'shell':
      return { kind: 'shell', code };
    case 'graphql':
      return signedIn ? { kind: 'graphql', code, as: signedIn } : { kind: 'graphql', code };
    case 'ts':
      return { kind: 'program', code, language: 'ts', server: marker === 'server' };
    case 'tsx':
      return { kind: 'typecheck', code, language: 'tsx' };
    case 'yaml':
    case 'yml':
      return { kind: 'yaml', code };
    case 'json':
      return { kind: 'json', code };
    default:
      return {
        kind: 'unclassified',
        code,
        why: `no runner for ${language ? `\`${language}\`` : 'a block without a language'}: add a marker (<!-- example: output --> or <!-- example: not run: REASON -->)`,
      };
  }
}

/** The README's ports: the GraphQL server, the embedded account service, the gateway or router. */
export const README_PORTS = { graphql: 4000, accountService: 4100, supergraph: 4200 } as const;

export type Ports = { [name in keyof typeof README_PORTS]: number };

/**
 * The one place where the README's ports become the ones a test runs on: every 4000, 4100 and 4200
 * standing after a colon (`127.0.0.1:4000`, `localhost:4100`, `port: 4200`, `listen: ...:4200`) in an
 * example, and in the files examples read (supergraph.graphql's routing URL).
 */
export function rewritePorts(text: string, ports: Ports): string {
  const map = new Map<string, number>([
    [String(README_PORTS.graphql), ports.graphql],
    [String(README_PORTS.accountService), ports.accountService],
    [String(README_PORTS.supergraph), ports.supergraph],
  ]);
  return text.replace(/(?<=:\s?)(4000|4100|4200)(?!\d)/g, (port) => String(map.get(port) ?? port));
}
