/**
 * updateProfile: a partial input merged into the stored profile document (see profile-merge.ts),
 * written back whole, answered with the merged profile and its user.
 */
import { z } from 'zod';
import type { ProfileData } from '../contract/wire.js';
import { builder } from './builder.js';
import { type Readable, readableWith, viewerUser } from './guards.js';
import { AccountProfileRef, type FieldKind, SECTION_NAMES, SECTIONS } from './profile.js';
import { mergeProfile } from './profile-merge.js';
import { isPlainObject } from './scalars.js';
import { type UserParent, UserRef } from './user.js';
import { birthdayRule, countryCodeRule, profilePhoneNumberRule, ValidationError } from './validation.js';

const TEXT_MAX = 512;

const textRule = z.string().max(TEXT_MAX, `must be at most ${TEXT_MAX} characters`);
const textListRule = z.array(textRule).max(50);
const emailOrEmptyRule = z
  .string()
  .max(254)
  .regex(/^([^\s@]+@[^\s@]+\.[^\s@]+)?$/, 'must be an email address or empty');

const AddressInput = builder.inputType('AddressInput', {
  fields: (t) => ({
    country: t.string({ validate: { schema: textRule } }),
    province: t.string({ validate: { schema: textRule } }),
    city: t.string({ validate: { schema: textRule } }),
  }),
});

/** E.164: country code and national number together have at most 15 digits. */
const E164_MAX_DIGITS = 15;
const digitCount = (value: string | null | undefined) => value?.replace(/[^0-9]/g, '').length ?? 0;

/**
 * The E.164 check needs both fields as their own rules leave them, and an input type's schema runs
 * before its fields' rules: so this type's field rules live in its schema, beside the check.
 */
const phoneNumberInputRule = z
  .looseObject({
    countryCode: countryCodeRule.nullish(),
    number: profilePhoneNumberRule.nullish(),
    formatted: textRule.nullish(),
  })
  .refine((phone) => digitCount(phone.countryCode) + digitCount(phone.number) <= E164_MAX_DIGITS, {
    path: ['number'],
    message: `must have at most ${E164_MAX_DIGITS} digits with its country code`,
  });

const PhoneNumberInput = builder.inputType('PhoneNumberInput', {
  fields: (t) => ({
    countryCode: t.string({ description: 'The country calling code, e.g. +86, or empty.' }),
    number: t.string({
      description:
        'The national number: digits, formatting (spaces, dots, hyphens, parentheses) taken out; a + or country code belongs in countryCode.',
    }),
    formatted: t.string({ description: 'As displayed, e.g. "+886 12312".' }),
  }),
  validate: { schema: phoneNumberInputRule },
});

const EXTRA_FIELDS_MAX_BYTES = 16_384;
/** The whole stored profile: a few times what every named field and a section of extra fields need. */
export const PROFILE_MAX_BYTES = 65_536;

function sectionInput(name: string, fields: Record<string, FieldKind>) {
  return builder.inputType(name, {
    fields: (t) => ({
      ...Object.fromEntries(
        Object.entries(fields).map(([key, kind]) => {
          switch (kind) {
            case 'address':
              return [key, t.field({ type: AddressInput })];
            case 'phone':
              return [key, t.field({ type: PhoneNumberInput })];
            case 'list':
              return [key, t.stringList({ validate: { schema: textListRule } })];
            default:
              return [key, t.string({ validate: { schema: textFieldRule(key) } })];
          }
        }),
      ),
      extraFields: t.field({
        type: 'JSONObject',
        description: 'Broker-configured fields to set, merged into the section; must not name a field above.',
        validate: { schema: extraFieldsRule(fields) },
      }),
    }),
  });
}

function textFieldRule(key: string): z.ZodType<string, string> {
  if (key === 'birthday') return birthdayRule;
  if (key === 'email') return emailOrEmptyRule;
  return textRule;
}

/** Broker fields beside the named ones: never one of those, and bounded in size. */
function extraFieldsRule(fields: Record<string, FieldKind>) {
  return z
    .custom<Record<string, unknown>>()
    .refine(
      (value) => Object.keys(value).every((key) => !(key in fields)) && fitsSize(value),
      `must not repeat a named field and must stay under ${EXTRA_FIELDS_MAX_BYTES} bytes`,
    );
}

function fitsSize(value: unknown): boolean {
  return Buffer.byteLength(JSON.stringify(value)) <= EXTRA_FIELDS_MAX_BYTES;
}

const ProfileUpdateInput = builder.inputType('ProfileUpdateInput', {
  description: 'A partial profile: only the fields given change; null clears a field.',
  fields: (t) => ({
    base: t.field({ type: sectionInput('ProfileBaseInput', SECTIONS.base) }),
    cert: t.field({ type: sectionInput('ProfileCertInput', SECTIONS.cert) }),
    finance: t.field({ type: sectionInput('ProfileFinanceInput', SECTIONS.finance) }),
  }),
});

/** GraphQL input names -> the contract's document shape. */
function toPatch(input: Record<string, unknown>): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const name of SECTION_NAMES) {
    const section = input[name];
    if (section === undefined) continue;
    if (section === null) {
      patch[name] = null;
      continue;
    }
    const { extraFields, ...named } = section as Record<string, unknown>;
    const out: Record<string, unknown> = { ...(isPlainObject(extraFields) ? extraFields : {}) };
    for (const [key, value] of Object.entries(named)) {
      out[key] = isPlainObject(value) ? nestedToContract(value) : value;
    }
    patch[name] = out;
  }
  return patch;
}

/** GraphQL names of nested inputs -> the contract's (PhoneNumber: number, formatted); addresses pass as they are. */
function nestedToContract(value: Record<string, unknown>): Record<string, unknown> {
  const { number, formatted, ...rest } = value;
  return {
    ...rest,
    ...(number !== undefined ? { phone: number } : {}),
    ...(formatted !== undefined ? { phoneStr: formatted } : {}),
  };
}

const UpdateProfilePayloadRef = builder
  .objectRef<{ user: UserParent; profile: Readable<ProfileData> }>('UpdateProfilePayload')
  .implement({
    description: 'The merged profile, and its user so client caches can update `User.profile`.',
    fields: (t) => ({
      profile: t.field({ type: AccountProfileRef, resolve: (p) => p.profile }),
      user: t.field({ type: UserRef, resolve: (p) => p.user }),
    }),
  });

builder.mutationField('updateProfile', (t) =>
  t.field({
    type: UpdateProfilePayloadRef,
    description: "Changes the given fields of the viewer's profile and keeps every other field as it is.",
    errors: { types: [ValidationError], directResult: true },
    args: { input: t.arg({ type: ProfileUpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const user = viewerUser(ctx);
      const userId = user.id;
      const current = await ctx.api.profile(userId);
      const merged = mergeProfile(current, toPatch(input as Record<string, unknown>));
      // Each update may add broker fields: bound the whole document, or its owner could grow it
      // update by update past what the account service accepts. An update that shrinks it passes.
      const size = Buffer.byteLength(JSON.stringify(merged));
      if (size > PROFILE_MAX_BYTES && size > Buffer.byteLength(JSON.stringify(current))) {
        throw new ValidationError([
          { path: ['input'], message: `would make the profile larger than ${PROFILE_MAX_BYTES} bytes` },
        ]);
      }
      await ctx.api.updateProfile(userId, merged);
      ctx.loaders.profile.clear(userId).prime(userId, merged);
      return { user, profile: readableWith(user, merged) };
    },
  }),
);
