/**
 * Trusted documents over HTTP, against the real server and account service: operations by id (Apollo's
 * persisted-query extension, GraphQL-over-HTTP's documentId, POST and GET), the allow-list
 * (GRAPHQL_TRUSTED_DOCUMENTS_ONLY) for text, ids and batches, no way around it through Apollo's
 * automatic persisted queries, the router's token, metrics, and reloading the manifest while serving.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { type DocumentNode, print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument, MyTaskDocument } from '../../client/generated/graphql.js';
import { documentHash } from '../../client/trusted-documents.js';
import { createClient } from '../../client/usage.js';
import { DEMO_USERS } from '../../src/account-service/index.js';
import { captureLogs } from '../helpers/log-capture.js';
import { type Json, type Stack, startStack } from '../helpers/stack.js';

const ROOT = join(import.meta.dirname, '../..');
const MANIFEST = join(ROOT, 'client/generated/persisted-documents.json');
const manifest: Record<string, string> = JSON.parse(await readFile(MANIFEST, 'utf8'));
const ROUTER_TOKEN = 'router-token-for-the-trusted-documents-test';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The manifest's text of a generated document. */
const textOf = (document: DocumentNode) => {
  const text = manifest[`sha256:${documentHash(document)}`];
  if (!text) throw new Error('not in the manifest');
  return text;
};
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const LOGIN = { input: { loginName: DEMO_USERS.demo.phone, password: DEMO_USERS.demo.password } };

let scratch: string;
beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'lwork-trusted-'));
});
afterAll(() => rm(scratch, { recursive: true, force: true }));

async function post(stack: Stack, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(stack.server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}

async function get(stack: Stack, params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${stack.server.url}?${new URLSearchParams(params)}`, {
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.status, body: (await res.json()) as Json };
}

const codeOf = (answer: { body: Json }) => answer.body.errors?.[0]?.extensions?.code;

/** Apollo's answer to any batch with batching off (GRAPHQL_BATCHING unset, the default). */
const BATCHING_DISABLED = {
  status: 400,
  body: { errors: [{ message: 'Operation batching disabled.', extensions: { code: 'BAD_REQUEST' } }] },
};

/** Batches of every kind the gate tells apart: with batching off, each must get BATCHING_DISABLED. */
const batchesOfEveryKind = (): Array<[string, unknown[]]> => {
  const known = `sha256:${documentHash(LoginDocument)}`;
  const unknown = () => ({ extensions: persisted(sha256(`{ batched${Math.random()}: __typename }`)) });
  return [
    ['a known id', [{ documentId: known, variables: LOGIN }]],
    ['an unknown id', [unknown()]],
    ['text in no manifest', [{ query: '{ __typename }' }]],
    ["a known id with another document's text", [{ documentId: known, query: '{ __typename }' }]],
    ['an unknown and a known id', [unknown(), { documentId: known, variables: LOGIN }]],
    ['no member', []],
    ['members that are no operation', [42, 'text', null]],
    ['more members than GRAPHQL_MAX_BATCH', Array.from({ length: 6 }, unknown)],
  ];
};

/** Every trusted-document refusal counted so far, whatever its reason. */
async function refusals(stack: Stack): Promise<number> {
  let total = 0;
  for (const reason of ['unknown_id', 'untrusted_text', 'id_mismatch'])
    total += await metric(stack, 'lwork_graph_trusted_document_refusals_total', `reason="${reason}"`);
  return total;
}

/** Sends every kind of batch; each answer, status and body, by kind. */
async function answersToBatches(stack: Stack, headers: Record<string, string> = {}) {
  const answers: Record<string, unknown> = {};
  for (const [kind, batch] of batchesOfEveryKind()) {
    const { status, body } = await post(stack, batch, headers);
    answers[kind] = { status, body };
  }
  return answers;
}
const allBatchingDisabled = () =>
  Object.fromEntries(batchesOfEveryKind().map(([kind]) => [kind, BATCHING_DISABLED]));

async function metric(stack: Stack, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${stack.server.origin}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('with the allow-list on', () => {
  let stack: Stack;
  let manifestPath: string;
  const logs = captureLogs();
  let token: string;

  beforeAll(async () => {
    manifestPath = join(scratch, 'allow-list.json');
    await copyFile(MANIFEST, manifestPath);
    stack = await startStack(
      {
        GRAPHQL_TRUSTED_DOCUMENTS: manifestPath,
        GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true',
        GRAPHQL_ROUTER_TOKEN: ROUTER_TOKEN,
        GRAPHQL_BATCHING: 'true',
      },
      { logStream: logs.stream },
    );
    const login = await post(stack, { variables: LOGIN, extensions: persisted(documentHash(LoginDocument)) });
    token = login.body.data.login.token;
  });
  afterAll(() => stack?.stop());

  it("runs a manifest document by Apollo's sha256Hash and by documentId, over POST and GET", async () => {
    const login = await post(stack, {
      operationName: 'Login',
      variables: LOGIN,
      extensions: persisted(documentHash(LoginDocument)),
    });
    expect(login.status).toBe(200);
    expect(login.body.data.login).toMatchObject({ __typename: 'Session', user: { id: DEMO_USERS.demo.id } });

    const auth = { authorization: `Bearer ${token}` };
    const byDocumentId = await post(stack, { documentId: `sha256:${documentHash(MeDocument)}` }, auth);
    expect(byDocumentId.body.errors).toBeUndefined();
    expect(byDocumentId.body.data.me.id).toBe(DEMO_USERS.demo.id);

    const task = await get(
      stack,
      {
        documentId: `sha256:${documentHash(MyTaskDocument)}`,
        variables: JSON.stringify({ type: 'OPEN_ACCOUNT' }),
      },
      auth,
    );
    expect(task.body.errors).toBeUndefined();
    expect(task.body.data.me.task).toMatchObject({ type: 'OPEN_ACCOUNT' });
    const meByHash = await get(
      stack,
      { extensions: JSON.stringify(persisted(documentHash(MeDocument))) },
      auth,
    );
    expect(meByHash.body.data.me.id).toBe(DEMO_USERS.demo.id);
  });

  it('runs a manifest document sent as text, whatever its spacing, commas and comments', async () => {
    const text = textOf(MeDocument);
    const auth = { authorization: `Bearer ${token}` };
    expect((await post(stack, { query: text }, auth)).body.data.me.id).toBe(DEMO_USERS.demo.id);
    const respaced = `# the signed-in user\n${text.replaceAll(' ', '\n  ').replaceAll('id', 'id,')}`;
    expect((await post(stack, { query: respaced }, auth)).body.data.me.id).toBe(DEMO_USERS.demo.id);
  });

  it('refuses every other operation, as text or by an unknown id, before any upstream call', async () => {
    stack.service.counters.reset();
    const cases: Array<[string, Promise<{ status: number; body: Json }>, string]> = [
      ['text not in the manifest', post(stack, { query: '{ me { id } }' }), 'TRUSTED_DOCUMENT_REQUIRED'],
      [
        'a manifest document changed by one field',
        post(stack, { query: textOf(MeDocument).replace('avatar', 'avatar enabled') }),
        'TRUSTED_DOCUMENT_REQUIRED',
      ],
      // Apollo Client's print of the document: the same fields in another order is another document.
      [
        'a generated document printed anew',
        post(stack, { query: print(MeDocument) }),
        'TRUSTED_DOCUMENT_REQUIRED',
      ],
      [
        'introspection',
        post(stack, { query: '{ __schema { types { name } } }' }),
        'TRUSTED_DOCUMENT_REQUIRED',
      ],
      [
        'an unknown hash',
        post(stack, { extensions: persisted(sha256('{ me { id } }')) }),
        'PERSISTED_QUERY_NOT_FOUND',
      ],
      ['an unknown documentId', post(stack, { documentId: 'sha256:0123' }), 'PERSISTED_QUERY_NOT_FOUND'],
      [
        "an unknown hash with its text (Apollo Client's retry)",
        post(stack, { query: '{ me { id } }', extensions: persisted(sha256('{ me { id } }')) }),
        'TRUSTED_DOCUMENT_REQUIRED',
      ],
      [
        "a manifest id with another document's text",
        post(stack, { query: '{ me { id } }', extensions: persisted(documentHash(MeDocument)) }),
        'BAD_REQUEST',
      ],
      ['text over GET', get(stack, { query: '{ me { id } }' }), 'TRUSTED_DOCUMENT_REQUIRED'],
      ['no document at all', post(stack, { variables: {} }), 'TRUSTED_DOCUMENT_REQUIRED'],
    ];
    for (const [name, answer, code] of cases) {
      const { status, body } = await answer;
      // An unknown id is answered as Apollo answers it, with 200 (see the allow-list-off tests).
      const expected = code === 'PERSISTED_QUERY_NOT_FOUND' ? 200 : 400;
      expect({ name, status, code: body.errors?.[0]?.extensions?.code }).toEqual({
        name,
        status: expected,
        code,
      });
      expect(body.data, name).toBeUndefined();
    }
    expect(stack.service.counters.total).toBe(0);
    expect(JSON.stringify(logs.records().filter((r) => (r.level ?? 0) >= 50))).toBe('[]');
  });

  it("gives a client no way to register a document through Apollo's automatic persisted queries", async () => {
    const query = '{ me { id name } }';
    const register = await post(stack, { query, extensions: persisted(sha256(query)) });
    expect(codeOf(register)).toBe('TRUSTED_DOCUMENT_REQUIRED');
    const replay = await post(stack, { extensions: persisted(sha256(query)) });
    expect(codeOf(replay)).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('answers a batch member by member: the trusted ones run, each refused one gets its error at its index', async () => {
    const auth = { authorization: `Bearer ${token}` };
    stack.service.counters.reset();
    const { status, body } = await post(
      stack,
      [
        { documentId: `sha256:${documentHash(MeDocument)}` },
        { query: '{ me { id } }' },
        { extensions: persisted(sha256('{ me { name } }')) },
      ],
      auth,
    );
    // One status for the whole batch, as Apollo sets it: a refusal's 400.
    expect(status).toBe(400);
    expect(Array.isArray(body)).toBe(true);
    expect(body.map((answer: Json) => answer.errors?.[0]?.extensions?.code)).toEqual([
      undefined,
      'TRUSTED_DOCUMENT_REQUIRED',
      'PERSISTED_QUERY_NOT_FOUND',
    ]);
    expect(body[0].data.me.id).toBe(DEMO_USERS.demo.id);
    expect(body[2].errors[0].message).toBe('PersistedQueryNotFound');
    // Only the trusted member reached the account service.
    expect(stack.service.counters.total).toBeGreaterThan(0);

    // Every member refused: nothing runs, each still answered at its index.
    stack.service.counters.reset();
    const refused = await post(stack, [{ query: '{ me { id } }' }, { query: '{ __typename }' }], auth);
    expect(refused.status).toBe(400);
    expect(refused.body.map((answer: Json) => answer.errors?.[0]?.extensions?.code)).toEqual([
      'TRUSTED_DOCUMENT_REQUIRED',
      'TRUSTED_DOCUMENT_REQUIRED',
    ]);
    expect(stack.service.counters.total).toBe(0);
  });

  it("labels operation metrics with the manifest's operation names only, whatever name a client sends", async () => {
    const auth = { authorization: `Bearer ${token}` };
    const labels = 'lwork_graph_graphql_requests_total';
    const otherBefore = await metric(stack, labels, 'operation="other",type="unknown",outcome="invalid"');
    // A trusted document under a name it does not define: Apollo refuses it before running anything.
    for (const name of ['Attacker0', 'Attacker1']) {
      const answer = await post(
        stack,
        { operationName: name, documentId: `sha256:${documentHash(MeDocument)}` },
        auth,
      );
      expect(codeOf(answer)).toBe('OPERATION_RESOLUTION_FAILURE');
    }
    await post(stack, { operationName: 'Me', documentId: `sha256:${documentHash(MeDocument)}` }, auth);
    const text = await (await fetch(`${stack.server.origin}/metrics`)).text();
    expect(text).not.toContain('Attacker');
    expect(await metric(stack, labels, 'operation="other",type="unknown",outcome="invalid"')).toBe(
      otherBefore + 2,
    );
    expect(await metric(stack, labels, 'operation="Me",type="query",outcome="ok"')).toBeGreaterThan(0);
  });

  it('runs a batch whose members are all trusted', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const { status, body } = await post(
      stack,
      [
        { documentId: `sha256:${documentHash(MeDocument)}` },
        { extensions: persisted(documentHash(MyTaskDocument)), variables: { type: 'OPEN_ACCOUNT' } },
      ],
      auth,
    );
    expect(status).toBe(200);
    expect(body.map((answer: Json) => answer.errors)).toEqual([undefined, undefined]);
    expect(body[0].data.me.id).toBe(DEMO_USERS.demo.id);
  });

  it("lets the router's query plans through with its token, and nobody else's", async () => {
    const plan = {
      query:
        'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id name } } }',
    };
    const representations = { representations: [{ __typename: 'User', id: DEMO_USERS.demo.id }] };
    const auth = { authorization: `Bearer ${token}` };
    const router = await post(
      stack,
      { ...plan, variables: representations },
      { ...auth, 'subgraph-token': ROUTER_TOKEN },
    );
    expect(router.body.errors).toBeUndefined();
    expect(router.body.data._entities).toEqual([{ id: DEMO_USERS.demo.id, name: DEMO_USERS.demo.name }]);
    const sdl = await post(stack, { query: '{ _service { sdl } }' }, { 'subgraph-token': ROUTER_TOKEN });
    expect(sdl.body.data._service.sdl).toContain('type User');

    for (const wrong of [`${ROUTER_TOKEN}x`, ROUTER_TOKEN.slice(0, -1), '']) {
      const answer = await post(
        stack,
        { ...plan, variables: representations },
        { ...auth, 'subgraph-token': wrong },
      );
      expect(codeOf(answer)).toBe('TRUSTED_DOCUMENT_REQUIRED');
    }
  });

  it('Apollo Client with the trusted-documents link sends ids only, so it works under the allow-list', async () => {
    const refusedBefore = await metric(
      stack,
      'lwork_graph_trusted_document_refusals_total',
      'reason="untrusted_text"',
    );
    const client = createClient(stack.server.url, () => token);
    const { data } = await client.query({ query: MeDocument });
    expect(data?.me.tradingAccounts.length).toBeGreaterThan(0);
    const task = await client.query({ query: MyTaskDocument, variables: { type: 'OPEN_ACCOUNT' } });
    expect(task.data?.me.task?.type).toBe('OPEN_ACCOUNT');
    // Any text it had sent (its own print of the documents) would have been refused and counted.
    expect(
      await metric(stack, 'lwork_graph_trusted_document_refusals_total', 'reason="untrusted_text"'),
    ).toBe(refusedBefore);
  });

  it('answers a refusal as GraphQL errors to a client that accepts application/graphql-response+json', async () => {
    // Apollo Client 4 asks for that media type: without the link it sends text, and reads the code.
    const client = new ApolloClient({
      link: new HttpLink({ uri: stack.server.url }),
      cache: new InMemoryCache(),
    });
    const error = await client.query({ query: MeDocument }).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(CombinedGraphQLErrors.is(error) && error.errors[0]?.extensions?.code).toBe(
      'TRUSTED_DOCUMENT_REQUIRED',
    );
    const plain = await fetch(stack.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(plain.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('counts refusals by reason and the documents loaded', async () => {
    expect(
      await metric(stack, 'lwork_graph_trusted_document_refusals_total', 'reason="unknown_id"'),
    ).toBeGreaterThan(0);
    expect(await metric(stack, 'lwork_graph_trusted_document_refusals_total', 'reason="id_mismatch"')).toBe(
      1,
    );
    expect(await metric(stack, 'lwork_graph_trusted_documents')).toBe(Object.keys(manifest).length);
  });

  it('reloads the manifest when the file changes; a bad one keeps the documents it had, at warn', async () => {
    const query = 'query Extra { me { id nickname } }';
    const auth = { authorization: `Bearer ${token}` };
    expect(codeOf(await post(stack, { query }, auth))).toBe('TRUSTED_DOCUMENT_REQUIRED');

    await writeFile(manifestPath, JSON.stringify({ ...manifest, [`sha256:${sha256(query)}`]: query }));
    await expect
      .poll(
        async () => (await post(stack, { extensions: persisted(sha256(query)) }, auth)).body.data?.me.id,
        {
          timeout: 15_000,
          interval: 200,
        },
      )
      .toBe(DEMO_USERS.demo.id);
    expect(await metric(stack, 'lwork_graph_trusted_documents')).toBe(Object.keys(manifest).length + 1);

    const warnings = () => logs.records().filter((r) => r.level === 40 && /not reloaded/.test(String(r.msg)));
    await writeFile(manifestPath, '{ "half": "written');
    await expect.poll(() => warnings().length, { timeout: 15_000, interval: 200 }).toBe(1);
    expect(warnings()[0]).toMatchObject({
      trigger: 'file change',
      reason: expect.stringContaining('not valid JSON'),
    });
    expect((await post(stack, { extensions: persisted(sha256(query)) }, auth)).body.data?.me.id).toBe(
      DEMO_USERS.demo.id,
    );
    expect(await metric(stack, 'lwork_graph_trusted_document_reloads_total', 'outcome="failed"')).toBe(1);

    // A manifest the codegen of a broken build writes: valid JSON, no documents.
    await writeFile(manifestPath, '{}');
    await expect.poll(() => warnings().length, { timeout: 15_000, interval: 200 }).toBe(2);
    expect(warnings()[1]?.reason).toContain('holds no documents');
    expect((await post(stack, { documentId: `sha256:${documentHash(MeDocument)}` }, auth)).status).toBe(200);

    await copyFile(MANIFEST, manifestPath);
    await expect
      .poll(async () => codeOf(await post(stack, { extensions: persisted(sha256(query)) }, auth)), {
        timeout: 15_000,
        interval: 200,
      })
      .toBe('PERSISTED_QUERY_NOT_FOUND');
  }, 60_000);
});

describe('with a manifest and the allow-list off', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST, GRAPHQL_BATCHING: 'true' });
  });
  afterAll(() => stack?.stop());

  it('runs ids from the manifest and any text; an unknown id alone is PERSISTED_QUERY_NOT_FOUND', async () => {
    const login = await post(stack, { variables: LOGIN, extensions: persisted(documentHash(LoginDocument)) });
    expect(login.body.data.login.__typename).toBe('Session');
    const text = await post(stack, { query: '{ __typename }' });
    expect(text.body).toEqual({ data: { __typename: 'Query' } });

    const query = '{ __typename me: __typename }';
    const unknown = await post(stack, { extensions: persisted(sha256(query)) });
    expect({ status: unknown.status, code: codeOf(unknown) }).toEqual({
      status: 200,
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
    // Apollo Client's retry with the text runs it, and registers nothing under that id.
    const retry = await post(stack, { query, extensions: persisted(sha256(query)) });
    expect(retry.body.data).toEqual({ __typename: 'Query', me: 'Query' });
    expect(codeOf(await post(stack, { extensions: persisted(sha256(query)) }))).toBe(
      'PERSISTED_QUERY_NOT_FOUND',
    );
  });
  it('answers an unknown id as Apollo Server and Apollo Router do (PersistedQueryNotFound, 200), so clients that match the message send the text', async () => {
    // Apollo Kotlin (AutoPersistedQueryInterceptor) and urql's persistedExchange recognise a miss by
    // the message `PersistedQueryNotFound` alone, as Apollo Server and Apollo Router write it; any
    // other message and they report an error instead of sending the text, so a mobile app a little
    // ahead of its manifest fails while the allow-list is still off (the README's rollout phase).
    const query = '{ __typename review: __typename }';
    const miss = await post(stack, { extensions: persisted(sha256(query)) });
    expect(codeOf(miss)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(miss.body.errors?.[0]?.message).toBe('PersistedQueryNotFound');
    // Apollo Kotlin reads a non-2xx application/json answer as a transport failure, not as this error.
    expect(miss.status).toBe(200);
    const overGet = await get(stack, { extensions: JSON.stringify(persisted(sha256(query))) });
    expect({ status: overGet.status, message: overGet.body.errors?.[0]?.message }).toEqual({
      status: 200,
      message: 'PersistedQueryNotFound',
    });
  });

  it('labels operations sent as text by manifest names only: any other name is `other`', async () => {
    const labels = 'lwork_graph_graphql_requests_total';
    const before = await metric(stack, labels, 'operation="other",type="query",outcome="ok"');
    await post(stack, { query: 'query ChosenByTheClient { __typename }' });
    await post(stack, { query: textOf(MeDocument) });
    const text = await (await fetch(`${stack.server.origin}/metrics`)).text();
    expect(text).not.toContain('ChosenByTheClient');
    expect(await metric(stack, labels, 'operation="other",type="query",outcome="ok"')).toBe(before + 1);
    expect(text).toContain('operation="Me"');
  });

  it('counts the operations the allow-list would refuse, and only those', async () => {
    const before = await metric(stack, 'lwork_graph_untrusted_operations_total');
    await post(stack, { query: '{ __typename }' });
    await post(stack, [{ query: '{ __typename }' }, { query: textOf(MeDocument) }]);
    await post(stack, { documentId: `sha256:${documentHash(MeDocument)}` });
    await post(
      stack,
      { query: '{ __typename }' },
      { 'subgraph-token': 'no router token is configured here' },
    );
    await post(stack, { variables: {} });
    expect((await metric(stack, 'lwork_graph_untrusted_operations_total')) - before).toBe(3);
  });
});

describe('with an app ahead of its manifest, the allow-list off', () => {
  let stack: Stack;
  beforeAll(async () => {
    // The server knows Login only: every other document the app sends by id is unknown here.
    const path = join(scratch, 'login-only.json');
    await writeFile(
      path,
      JSON.stringify({ [`sha256:${documentHash(LoginDocument)}`]: textOf(LoginDocument) }),
    );
    stack = await startStack({ GRAPHQL_TRUSTED_DOCUMENTS: path });
  });
  afterAll(() => stack?.stop());

  it("Apollo Client 4 with the trusted-documents link reads Apollo's 200 PersistedQueryNotFound and sends the text", async () => {
    const token = await stack.demoToken();
    const untrusted = await metric(stack, 'lwork_graph_untrusted_operations_total');
    const client = createClient(stack.server.url, () => token);
    const { data } = await client.query({ query: MeDocument });
    expect(data?.me.id).toBe(DEMO_USERS.demo.id);
    // The id first (unknown here), then the text, which runs and is counted.
    expect(await metric(stack, 'lwork_graph_trusted_document_refusals_total', 'reason="unknown_id"')).toBe(1);
    expect(await metric(stack, 'lwork_graph_untrusted_operations_total')).toBe(untrusted + 1);
  });

  it('with batching off (the default), refuses a batch of unknown ids as it refuses any other batch', async () => {
    // Review 18b: the gate answers a batch whose members it refused all by itself, member by member,
    // before Apollo could say that batching is off: a batch of unknown ids gets 200 and an array of
    // PersistedQueryNotFound (a batching client is told to retry with the texts), while the same
    // batch with one known id gets Apollo's 400 "Operation batching disabled.".
    const known = await post(stack, [
      { documentId: `sha256:${documentHash(LoginDocument)}`, variables: LOGIN },
    ]);
    expect({ status: known.status, message: known.body.errors?.[0]?.message }).toEqual({
      status: 400,
      message: 'Operation batching disabled.',
    });
    const unknown = await post(stack, [{ extensions: persisted(sha256('{ batched: __typename }')) }]);
    expect({ status: unknown.status, body: unknown.body }).toEqual({
      status: known.status,
      body: known.body,
    });
  });

  it('with batching off, answers every batch as Apollo does, judging and counting no member; GET as before', async () => {
    const before = {
      refusals: await refusals(stack),
      untrusted: await metric(stack, 'lwork_graph_untrusted_operations_total'),
    };
    expect(await answersToBatches(stack)).toEqual(allBatchingDisabled());
    expect({
      refusals: await refusals(stack),
      untrusted: await metric(stack, 'lwork_graph_untrusted_operations_total'),
    }).toEqual(before);

    const unknown = await get(stack, {
      extensions: JSON.stringify(persisted(sha256('{ viaGet: __typename }'))),
    });
    expect({ status: unknown.status, code: codeOf(unknown) }).toEqual({
      status: 200,
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
    expect((await get(stack, { query: '{ __typename }' })).body).toEqual({ data: { __typename: 'Query' } });
    expect({
      refusals: await refusals(stack),
      untrusted: await metric(stack, 'lwork_graph_untrusted_operations_total'),
    }).toEqual({ refusals: before.refusals + 1, untrusted: before.untrusted + 1 });
  });
});

describe('with the allow-list on and batching off (the default)', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      GRAPHQL_TRUSTED_DOCUMENTS: MANIFEST,
      GRAPHQL_TRUSTED_DOCUMENTS_ONLY: 'true',
      GRAPHQL_ROUTER_TOKEN: ROUTER_TOKEN,
    });
  });
  afterAll(() => stack?.stop());

  it('answers every batch as Apollo does, from a client or the router, judging and counting no member', async () => {
    stack.service.counters.reset();
    expect(await answersToBatches(stack)).toEqual(allBatchingDisabled());
    expect(await answersToBatches(stack, { 'subgraph-token': ROUTER_TOKEN })).toEqual(allBatchingDisabled());
    expect(await refusals(stack)).toBe(0);
    expect(stack.service.counters.total).toBe(0);
  });

  it('judges GET requests as before', async () => {
    // Signed in by id: the allow-list refuses the helper's login text.
    const login = await post(stack, {
      documentId: `sha256:${documentHash(LoginDocument)}`,
      variables: LOGIN,
    });
    const auth = { authorization: `Bearer ${login.body.data.login.token}` };
    const me = await get(stack, { documentId: `sha256:${documentHash(MeDocument)}` }, auth);
    expect(me.body.data.me.id).toBe(DEMO_USERS.demo.id);
    const unknown = await get(stack, {
      extensions: JSON.stringify(persisted(sha256('{ viaGet: __typename }'))),
    });
    expect({ status: unknown.status, code: codeOf(unknown) }).toEqual({
      status: 200,
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
    const text = await get(stack, { query: '{ __typename }' });
    expect({ status: text.status, code: codeOf(text) }).toEqual({
      status: 400,
      code: 'TRUSTED_DOCUMENT_REQUIRED',
    });
  });
});

describe('without a manifest', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack?.stop());

  it("answers ids with PERSISTED_QUERY_NOT_SUPPORTED (Apollo's automatic persisted queries are off)", async () => {
    const query = '{ __typename }';
    expect(
      (await post(stack, { query, extensions: persisted(sha256(query)) })).body.errors?.[0]?.extensions?.code,
    ).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
    expect(codeOf(await post(stack, { extensions: persisted(sha256(query)) }))).toBe(
      'PERSISTED_QUERY_NOT_SUPPORTED',
    );
  });

  it('Apollo Client with the trusted-documents link falls back to sending the text', async () => {
    const token = await stack.demoToken();
    const client = createClient(stack.server.url, () => token);
    const { data } = await client.query({ query: MeDocument });
    expect(data?.me.id).toBe(DEMO_USERS.demo.id);
  });

  it("answers every batch with Apollo's own refusal while batching is off: what the servers with manifests must match", async () => {
    expect(await answersToBatches(stack)).toEqual(allBatchingDisabled());
  });
});
