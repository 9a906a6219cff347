/**
 * What the compiler must refuse (checked by `tsc --noEmit`, not run): a documented shape that names
 * other fields than its wire shape, or a type the wire shape would not accept; a section whose
 * documented body or data the client's wire shape cannot carry; a route table missing a section.
 */
import { z } from 'zod';
import type { Handler } from '../../src/account-service/handlers/context.js';
import { HANDLERS } from '../../src/account-service/routes.js';
import { narrow, pwdSetBody, task } from '../../src/contract/documented-shapes.js';
import { body, data } from '../../src/contract/section.js';
import type { SectionId } from '../../src/contract/sections.js';
import { loginBodySchema, loginDataSchema } from '../../src/contract/wire.js';

const fields = {
  userId: z.string(),
  phone: z.string().nullable(),
  language: z.string(),
  lastLoginTime: z.int(),
};
narrow(loginDataSchema, fields);

const { lastLoginTime: _left, ...missing } = fields;
// @ts-expect-error a wire field left out
narrow(loginDataSchema, missing);
// @ts-expect-error a field the wire shape does not have
narrow(loginDataSchema, { ...fields, extra: z.string() });
// @ts-expect-error a type the wire shape refuses
narrow(loginDataSchema, { ...fields, userId: z.number() });

// @ts-expect-error the client could not read this data as a login
data(loginDataSchema, task);
// @ts-expect-error the client could not send a password change as a login
body(loginBodySchema, pwdSetBody, 'Credentials.');

const { '2.8': _detail, ...withoutDetail } = HANDLERS;
// @ts-expect-error every section needs a handler
export const incomplete: Record<SectionId, Handler> = withoutDetail;
