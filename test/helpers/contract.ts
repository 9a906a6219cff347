/**
 * Contract checks: every answer the account service sends during the tests is validated against its
 * OpenAPI document (src/account-service/openapi.ts) with Ajv's JSON Schema 2020-12 (the OpenAPI 3.1
 * dialect), and the `data` of every success is parsed with the upstream client's wire shape for its
 * section (src/contract/sections.ts), so the client reads whatever the service sends. The test helpers
 * pass `contractHook` as the service's `onResponse`; a mismatch fails the running test in afterEach (or
 * the file in afterAll), naming the operation, the status and Ajv's (or zod's) errors.
 */
import { isDeepStrictEqual } from 'node:util';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, afterEach } from 'vitest';
import type { ResponseRecord } from '../../src/account-service/index.js';
import {
  type HttpMethod,
  OPENAPI_DOCUMENT,
  OPENAPI_PATH,
  type OpenApiDocument,
  type OperationObject,
  type ReferenceObject,
  type ResponseObject,
} from '../../src/account-service/openapi.js';
import { SECTIONS, type SectionId } from '../../src/contract/sections.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the default import is the module object.
const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

/** The base URI under which the document is registered, so `#/components/...` refs resolve. */
const DOCUMENT_ID = 'https://lwork-graph.local/openapi.json';

// Top-level keywords of an OpenAPI document: annotations for Ajv, never validated as a schema.
const OPENAPI_KEYWORDS = [
  'openapi',
  'info',
  'servers',
  'tags',
  'security',
  'paths',
  'components',
  'webhooks',
  'externalDocs',
  'jsonSchemaDialect',
];

const escapePointer = (part: string) => encodeURIComponent(part.replaceAll('~', '~0').replaceAll('/', '~1'));

/** A JSON pointer into the document, as a URI fragment Ajv resolves. */
export function pointer(...parts: string[]): string {
  return `${DOCUMENT_ID}#/${parts.map(escapePointer).join('/')}`;
}

export interface DocumentOperation {
  method: HttpMethod;
  path: string;
  operation: OperationObject;
  pattern: RegExp;
}

export interface ContractValidator {
  document: OpenApiDocument;
  operations: DocumentOperation[];
  /** A compiled validator for the schema at a pointer of the document. */
  schemaAt(ref: string): ValidateFunction;
  /** The response object for a status, with a `#/components/responses/...` reference resolved. */
  response(response: ResponseObject | ReferenceObject): { name: string; response: ResponseObject };
  /** Undefined when the record matches the document, else what is wrong. */
  check(record: ResponseRecord): string | undefined;
}

export function createContractValidator(document: OpenApiDocument = OPENAPI_DOCUMENT): ContractValidator {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  ajv.addVocabulary(OPENAPI_KEYWORDS);
  ajv.addSchema(document as object, DOCUMENT_ID);

  const compiled = new Map<string, ValidateFunction>();
  const schemaAt = (ref: string): ValidateFunction => {
    let validate = compiled.get(ref);
    if (!validate) {
      validate = ajv.compile({ $ref: ref });
      compiled.set(ref, validate);
    }
    return validate;
  };

  const operations: DocumentOperation[] = Object.entries(document.paths).flatMap(([path, item]) =>
    (Object.entries(item) as Array<[HttpMethod, OperationObject]>).map(([method, operation]) => ({
      method,
      path,
      operation,
      pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    })),
  );

  const response = (value: ResponseObject | ReferenceObject) => {
    if (!('$ref' in value)) return { name: '', response: value };
    const name = value.$ref.replace('#/components/responses/', '');
    const resolved = document.components.responses[name];
    if (!resolved) throw new Error(`unresolved response reference ${value.$ref}`);
    return { name, response: resolved };
  };

  /** Route-level answers (no operation matched this method and path), by status. */
  const routeLevel: Record<number, string> = {
    401: 'Unauthorized',
    404: 'NotFound',
    405: 'MethodNotAllowed',
    500: 'InternalError',
  };

  function check(record: ResponseRecord): string | undefined {
    const { method, path, status } = record;
    const where = `${method} ${path} -> ${status}`;
    // What went over the wire: JSON drops undefined fields.
    const body: unknown = JSON.parse(JSON.stringify(record.body) ?? 'null');
    if (method === 'GET' && path === OPENAPI_PATH) {
      return status === 200 && isDeepStrictEqual(body, JSON.parse(JSON.stringify(document)))
        ? undefined
        : `${where}: ${OPENAPI_PATH} did not answer the document`;
    }
    const onPath = operations.filter((o) => o.pattern.test(path));
    const hit = onPath.find((o) => o.method.toUpperCase() === method);
    let ref: string;
    let label: string;
    if (hit) {
      const section = hit.operation['x-contract-section'];
      if (record.section !== undefined && record.section !== section) {
        return `${where}: the service routed it to section ${record.section}, the document to ${section} (${hit.operation.operationId})`;
      }
      const declared = hit.operation.responses[String(status)];
      label = `operation ${hit.operation.operationId} (contract ${section}), status ${status}`;
      if (!declared) return `${where}: ${label} is not documented`;
      const { name } = response(declared);
      ref = name
        ? pointer('components', 'responses', name, 'content', 'application/json', 'schema')
        : pointer(
            'paths',
            hit.path,
            hit.method,
            'responses',
            String(status),
            'content',
            'application/json',
            'schema',
          );
    } else {
      if (record.section !== undefined)
        return `${where}: routed to section ${record.section}, absent from the document`;
      // Authentication comes before routing; then a path of the document with another method is 405
      // and an unknown path 404.
      const known = onPath.length > 0;
      const name =
        status === 401 || status === 500 || status === (known ? 405 : 404) ? routeLevel[status] : undefined;
      label = `no operation (${known ? 'known path, other method' : 'unknown path'}), status ${status}`;
      if (!name) return `${where}: ${label} is not documented`;
      ref = pointer('components', 'responses', name, 'content', 'application/json', 'schema');
    }
    const validate = schemaAt(ref);
    if (!validate(body)) {
      const errors = ajv.errorsText(validate.errors, { separator: '; ', dataVar: 'body' });
      return `${where}: ${label}: ${errors}\n  body: ${JSON.stringify(body).slice(0, 500)}`;
    }
    return hit ? clientReads(hit.operation['x-contract-section'], body, `${where}: ${label}`) : undefined;
  }

  return { document, operations, schemaAt, response, check };
}

/** Undefined when the upstream client's wire shape parses the `data` of a success, else what is wrong. */
function clientReads(sectionId: string, body: unknown, label: string): string | undefined {
  const section = SECTIONS[sectionId as SectionId];
  const answer = body as { result?: unknown; data?: unknown };
  if (!section || !('data' in section) || answer.result !== true || answer.data === undefined)
    return undefined;
  const parsed = section.data.wire.safeParse(answer.data);
  return parsed.success
    ? undefined
    : `${label}: the client's wire shape refuses the data: ${parsed.error.message}`;
}

let shared: ContractValidator | undefined;
const violations: string[] = [];

/** The `onResponse` hook the test helpers give the account service: validates, collects mismatches. */
export function contractHook(record: ResponseRecord): void {
  shared ??= createContractValidator();
  try {
    const problem = shared.check(record);
    if (problem) violations.push(problem);
  } catch (err) {
    violations.push(`${record.method} ${record.path} -> ${record.status}: validator failed: ${String(err)}`);
  }
}

function reportViolations(): void {
  if (violations.length === 0) return;
  const found = violations.splice(0);
  throw new Error(
    `The account service sent ${found.length} answer(s) that do not match its OpenAPI document:\n` +
      found.join('\n'),
  );
}

// Registered in every test file that imports a helper starting the account service.
afterEach(reportViolations);
afterAll(reportViolations);
