/**
 * The OpenAPI 3.1 description of the account service, generated from the contract's sections
 * (src/contract/sections.ts) and their zod shapes (`z.toJSONSchema`, JSON Schema 2020-12). What only
 * this service adds lives here: the envelopes, the error statuses, the tenant headers and the body
 * limit. Served at GET /openapi.json; the contract tests validate every response the service sends in
 * the test suite against it.
 */
import { z } from 'zod';
import { COMPONENTS } from '../contract/documented-shapes.js';
import { MCODES, type McodeName } from '../contract/mcodes.js';
import type { Section } from '../contract/section.js';
import { SECTION_LIST } from '../contract/sections.js';
import { MAX_BODY_BYTES } from './http.js';

/** A JSON Schema 2020-12 object (the OpenAPI 3.1 dialect). */
export type JsonSchema = { [keyword: string]: unknown };

export interface ExampleObject {
  summary: string;
  value: unknown;
}

export interface MediaTypeObject {
  schema: JsonSchema;
  examples?: Record<string, ExampleObject>;
}

export interface ParameterObject {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  description: string;
  schema: JsonSchema;
  examples?: Record<string, ExampleObject>;
}

export interface RequestBodyObject {
  required: boolean;
  description: string;
  content: { 'application/json': MediaTypeObject };
}

export interface ResponseObject {
  description: string;
  content: { 'application/json': MediaTypeObject };
}

export type ReferenceObject = { $ref: string };

export interface OperationObject {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  /** The contract section this operation implements, e.g. '2.8'. */
  'x-contract-section': string;
  security: Array<Record<string, string[]>>;
  parameters?: ParameterObject[];
  requestBody?: RequestBodyObject;
  responses: Record<string, ResponseObject | ReferenceObject>;
}

export type HttpMethod = 'get' | 'post';

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description: string };
  servers: Array<{ url: string; description: string }>;
  tags: Array<{ name: string; description: string }>;
  security: Array<Record<string, string[]>>;
  paths: Record<string, Partial<Record<HttpMethod, OperationObject>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, ResponseObject>;
    securitySchemes: Record<string, { type: 'apiKey'; in: 'header'; name: string; description: string }>;
  };
}

export const OPENAPI_PATH = '/openapi.json';

const JSON_TYPE = 'application/json';
const BODY_LIMIT = `${MAX_BODY_BYTES / 1024 / 1024} MB`;
// Both headers on every contract operation.
const TENANT_SECURITY = [{ tenantId: [], apiToken: [] }];
const COMPONENT_URI = '#/components/schemas/';

// ---- zod to JSON Schema ----

const isBareType = (s: unknown): s is { type: string } =>
  typeof s === 'object' &&
  s !== null &&
  Object.keys(s).length === 1 &&
  typeof (s as JsonSchema).type === 'string';

/**
 * Cleans what z.toJSONSchema adds beyond the document's needs: `$schema` and `$id` on each component
 * (the document states its dialect once), `additionalProperties: {}` (the default), and the ±2^53 bounds
 * every zod integer carries (a JavaScript limit, not the contract's; int64 fields say so by format).
 * A nullable type is written `type: [x, "null"]`.
 */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (typeof value !== 'object' || value === null) return value;
  const out: JsonSchema = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$schema' || key === '$id') continue;
    if (key === 'additionalProperties' && typeof child === 'object' && Object.keys(child ?? {}).length === 0)
      continue;
    if (key === 'minimum' && child === Number.MIN_SAFE_INTEGER) continue;
    if (key === 'maximum' && child === Number.MAX_SAFE_INTEGER) continue;
    out[key] = tidy(child);
  }
  const variants = out.anyOf;
  if (
    Array.isArray(variants) &&
    variants.length === 2 &&
    variants.every(isBareType) &&
    out.type === undefined
  ) {
    delete out.anyOf;
    out.type = variants.map((v) => v.type);
  }
  return out;
}

function componentSchemas(): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(COMPONENTS, {
    target: 'draft-2020-12',
    uri: (id) => `${COMPONENT_URI}${id}`,
  });
  // A shape with an id outside COMPONENTS would land here instead of the document's components.
  if ('__shared' in schemas) throw new Error('a documented shape refers to a schema outside COMPONENTS');
  return tidy(schemas) as Record<string, JsonSchema>;
}

/** A component's reference, or the schema itself for a shape that is not a component. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output' = 'output'): JsonSchema {
  const id = COMPONENTS.get(schema)?.id;
  if (id) return { $ref: `${COMPONENT_URI}${id}` };
  const json = tidy(z.toJSONSchema(schema, { target: 'draft-2020-12', io })) as JsonSchema;
  if ('$defs' in json || '$ref' in json) throw new Error('an inline schema refers to a component');
  return json;
}

const descriptionOf = (schema: z.ZodType): string => z.globalRegistry.get(schema)?.description ?? '';

// ---- envelopes ----

const codes = (names: readonly McodeName[]) => names.map((name) => MCODES[name].code);

/** The success envelope; `data` is required, or absent (`additionalProperties: false`) when not given. */
function success(data?: JsonSchema, dataRequired = true): JsonSchema {
  return {
    type: 'object',
    properties: {
      result: { type: 'boolean', const: true },
      mcode: { type: 'string', const: MCODES.OK.code },
      ...(data ? { data } : {}),
    },
    required: ['result', 'mcode', ...(data && dataRequired ? ['data'] : [])],
    additionalProperties: false,
  };
}

/** A failure envelope limited to the mcodes one answer can carry. */
function failure(names: readonly McodeName[]): JsonSchema {
  return {
    type: 'object',
    properties: {
      result: { type: 'boolean', const: false },
      mcode: { type: 'string', enum: codes(names), description: 'An mcode of the catalogue (see Mcode).' },
      message: { type: 'string', description: 'Value-free detail, e.g. the name of a bad field.' },
    },
    required: ['result', 'mcode'],
    additionalProperties: false,
  };
}

function failureExamples(names: readonly McodeName[]): Record<string, ExampleObject> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      { summary: `${name}: ${MCODES[name].meaning}`, value: { result: false, mcode: MCODES[name].code } },
    ]),
  );
}

function errorResponse(title: string, description: string, names: readonly McodeName[]): ResponseObject {
  return {
    description,
    content: { [JSON_TYPE]: { schema: { title, ...failure(names) }, examples: failureExamples(names) } },
  };
}

/** The request-level failures, shared by every operation (404 and 405: no operation matched). */
const responses: Record<string, ResponseObject> = {
  BadRequest: errorResponse(
    'BadRequestError',
    'The body is not JSON, or a parameter is missing, mistyped or out of range.',
    ['MALFORMED_JSON', 'INVALID_PARAMETER'],
  ),
  InvalidParameter: errorResponse(
    'InvalidParameterError',
    'A parameter is missing, mistyped or out of range.',
    ['INVALID_PARAMETER'],
  ),
  Unauthorized: errorResponse(
    'UnauthorizedError',
    'The tenant headers are missing or do not match a tenant.',
    ['UNAUTHORIZED_MISSING', 'UNAUTHORIZED_INVALID'],
  ),
  NotFound: errorResponse('NotFoundError', 'No operation has this path.', ['NOT_FOUND']),
  MethodNotAllowed: errorResponse(
    'MethodNotAllowedError',
    'The path exists with another method; the Allow header names it.',
    ['METHOD_NOT_ALLOWED'],
  ),
  PayloadTooLarge: errorResponse(
    'PayloadTooLargeError',
    `The body is over ${BODY_LIMIT} (${MAX_BODY_BYTES} bytes); the connection is closed.`,
    ['PAYLOAD_TOO_LARGE'],
  ),
  UnsupportedMediaType: errorResponse(
    'UnsupportedMediaTypeError',
    'A body was sent with a declared Content-Type that is not JSON.',
    ['UNSUPPORTED_MEDIA_TYPE'],
  ),
  InternalError: errorResponse('InternalErrorError', 'Unexpected server error.', ['INTERNAL_ERROR']),
};

const responseRef = (name: keyof typeof responses): ReferenceObject => ({
  $ref: `#/components/responses/${name}`,
});

/** The error statuses an operation can answer: a POST also reads a body. */
function errorResponses(method: HttpMethod): Record<string, ReferenceObject> {
  return method === 'post'
    ? {
        '400': responseRef('BadRequest'),
        '401': responseRef('Unauthorized'),
        '413': responseRef('PayloadTooLarge'),
        '415': responseRef('UnsupportedMediaType'),
        '500': responseRef('InternalError'),
      }
    : {
        '400': responseRef('InvalidParameter'),
        '401': responseRef('Unauthorized'),
        '500': responseRef('InternalError'),
      };
}

// ---- operations ----

const contractExample = (value: unknown, summary = 'The contract example') => ({
  contract: { summary, value },
});

function parameters(section: Section): ParameterObject[] {
  const sources = [
    ['path', section.params, section.examples.params],
    ['query', section.query, section.examples.query],
  ] as const;
  return sources.flatMap(([where, object, examples]) =>
    Object.entries(object?.shape ?? {}).map(([name, field]): ParameterObject => {
      const { description: _inParameter, ...schema } = schemaOf(field, 'input');
      return {
        name,
        in: where,
        required: where === 'path' || !field.isOptional(),
        description: descriptionOf(field),
        schema,
        ...(examples?.[name] === undefined
          ? {}
          : { examples: contractExample(examples[name], 'From the contract example') }),
      };
    }),
  );
}

function requestBody(section: Section): RequestBodyObject | undefined {
  if (!section.body) return undefined;
  return {
    required: true,
    description: `${section.body.description} At most ${BODY_LIMIT} of JSON.`,
    content: {
      [JSON_TYPE]: {
        schema: schemaOf(section.body.documented),
        examples: contractExample(section.examples.body),
      },
    },
  };
}

/**
 * The 200 answer: success, or one of the section's expected failures (still HTTP 200, `result` false),
 * as the contract's API does. Both are titled after the operation, for code generators.
 */
function ok(section: Section): ResponseObject {
  const base = section.operationId.charAt(0).toUpperCase() + section.operationId.slice(1);
  const data = section.data;
  const successSchema = {
    title: `${base}Success`,
    ...success(data && schemaOf(data.documented), !data?.optional),
  };
  const schema =
    section.failures.length === 0
      ? successSchema
      : { oneOf: [successSchema, { title: `${base}Failure`, ...failure(section.failures) }] };
  const example = { result: true, mcode: MCODES.OK.code, ...(data ? { data: section.examples.data } : {}) };
  return {
    description: section.answers,
    content: {
      [JSON_TYPE]: {
        schema,
        examples: { ...contractExample(example), ...failureExamples(section.failures) },
      },
    },
  };
}

function operation(section: Section & { id: string }): OperationObject {
  const method = section.method === 'GET' ? 'get' : 'post';
  const params = parameters(section);
  const body = requestBody(section);
  return {
    operationId: section.operationId,
    summary: section.summary,
    description: `Contract ${section.id} ${section.heading}. ${section.description}`,
    tags: [section.tag],
    'x-contract-section': section.id,
    security: TENANT_SECURITY,
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: { '200': ok(section), ...errorResponses(method) },
  };
}

function paths(): OpenApiDocument['paths'] {
  const out: OpenApiDocument['paths'] = {};
  for (const section of SECTION_LIST) {
    const method = section.method === 'GET' ? 'get' : 'post';
    out[section.path] = { ...out[section.path], [method]: operation(section) };
  }
  return out;
}

export const OPENAPI_DOCUMENT: OpenApiDocument = {
  openapi: '3.1.1',
  info: {
    title: 'Lwork account API',
    version: '1.0.0',
    description: [
      'The Lwork account REST API (sections 2.1 to 2.15 of the contract), as the embedded account service',
      'implements it.',
      '',
      '**Tenant headers.** Every operation needs `x-api-tenantid` and `x-api-token`; without them the answer',
      'is 401 UNAUTHORIZED_MISSING, with a wrong pair 401 UNAUTHORIZED_INVALID. This document itself',
      `(GET ${OPENAPI_PATH}) needs no headers.`,
      '',
      '**Envelope.** Every answer is `{result, mcode, data?}` (see `Envelope`). Expected failures (unknown user,',
      'wrong code, taken phone...) are HTTP 200 with `result: false` and their `mcode`; request-level failures',
      'use the HTTP status of the catalogue (400, 401, 404, 405, 413, 415, 500), also with `result: false`.',
      'A failure may carry a value-free `message` naming the bad field.',
      '',
      `**Bodies.** POST bodies are JSON of at most ${BODY_LIMIT} (${MAX_BODY_BYTES} bytes):`,
      'larger ones get 413 and the connection is closed. A missing Content-Type is read as JSON; a declared',
      'non-JSON one gets 415.',
      '',
      '**Search (2.7).** UserName matches a case-insensitive substring of the name, Email the whole address',
      '(case-insensitive), Phone a run of digits within the phone, TradeAccount the exact account id.',
    ].join('\n'),
  },
  servers: [{ url: '/', description: 'This service (the contract names https://account.api.lwork.com).' }],
  tags: [
    { name: 'Verification codes', description: 'Phone codes and tickets (2.1, 2.2).' },
    { name: 'Registration', description: 'New users by phone or email (2.4, 2.5, 2.14, 2.15).' },
    { name: 'Users', description: 'Login, search, details, passwords, avatar (2.3, 2.6 to 2.10).' },
    { name: 'Account profile and tasks', description: 'Profile document and task state (2.11 to 2.13).' },
  ],
  security: TENANT_SECURITY,
  paths: paths(),
  components: {
    schemas: componentSchemas(),
    responses,
    securitySchemes: {
      tenantId: {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-tenantid',
        description: 'The tenant id, e.g. T001117.',
      },
      apiToken: {
        type: 'apiKey',
        in: 'header',
        name: 'x-api-token',
        description: "The tenant's API key; server-to-server only, never sent to browsers.",
      },
    },
  },
};
