/** Imports the type modules and builds the subgraph schema. */
import { printSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLSchema } from 'graphql';
import { builder } from './builder.js';
import { guardEntityRepresentations } from './entity-representations.js';
import './scalars.js';
import './errors.js';
import { tradingAccountRepresentation } from './trading-account.js';
import './task.js';
import './profile.js';
import { userRepresentation } from './user.js';
import './user-search.js';
import './profile-update.js';
import './session.js';
import './logout.js';
import './verification.js';
import './registration.js';

export const FEDERATION_LINK = 'https://specs.apollo.dev/federation/v2.6';

export function buildSchema(): GraphQLSchema {
  const schema = builder.toSubGraphSchema({ linkUrl: FEDERATION_LINK, sortSchema: true });
  guardEntityRepresentations(schema, {
    User: userRepresentation,
    TradingAccount: tradingAccountRepresentation,
  });
  return schema;
}

let cached: GraphQLSchema | undefined;
/** The schema is immutable once built; build it once per process. */
export function getSchema(): GraphQLSchema {
  cached ??= buildSchema();
  return cached;
}

export function printSchemaSDL(schema: GraphQLSchema = getSchema()): string {
  return `${printSubgraphSchema(schema).trim()}\n`;
}
