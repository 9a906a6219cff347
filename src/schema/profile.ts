/**
 * AccountProfile (2.11 / 2.12): base, cert and finance sections. The broker configures which fields
 * exist, so each section names the contract's fields and exposes the rest as `extraFields`; updates
 * are partial and merged into the stored document (see profile-merge.ts).
 */
import type { StringValidationOptions } from '@pothos/plugin-zod';
import type { ProfileData } from '../contract/wire.js';
import { builder } from './builder.js';
import { requireViewer } from './guards.js';
import { mergeProfile } from './profile-merge.js';
import { isPlainObject } from './scalars.js';
import { ValidationError } from './validation.js';

type Section = Record<string, unknown>;
type FieldKind = 'text' | 'address' | 'phone' | 'list';

const SECTIONS = {
  base: {
    accountName: 'text',
    birthday: 'text',
    email: 'text',
    gender: 'text',
    homePlace: 'address',
    idAddress: 'text',
    nationality: 'text',
    phones: 'phone',
    residence: 'address',
    standbyTelephone: 'phone',
  },
  cert: {
    addressDocType: 'text',
    addressFile1: 'text',
    addressFile2: 'text',
    bankCardFile1: 'text',
    bankCardFile2: 'text',
    idNum: 'text',
    idType: 'text',
    idUrl1: 'text',
    idUrl2: 'text',
  },
  finance: {
    aba: 'text',
    accountNo: 'text',
    bankAccount: 'text',
    bankAddress: 'address',
    bankBranch: 'text',
    floatingAssets: 'text',
    incomeSource: 'text',
    investmentExperience: 'list',
    investmentPurpose: 'text',
    investmentQuota: 'text',
    investmentYear: 'text',
    knowledgeLevel: 'text',
    netAssets: 'text',
    netIncome: 'text',
    remark: 'text',
    swift: 'text',
    totalAssets: 'text',
    transactionsPerYear: 'text',
  },
} as const satisfies Record<'base' | 'cert' | 'finance', Record<string, FieldKind>>;

type SectionName = keyof typeof SECTIONS;
const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];
const TEXT_MAX = 512;

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

function objectAt(section: Section, key: string): Section | null {
  const value = section[key];
  return isPlainObject(value) ? value : null;
}

const AddressRef = builder.objectRef<Section>('Address').implement({
  fields: (t) => ({
    country: t.string({ nullable: true, resolve: (a) => text(a.country) }),
    province: t.string({ nullable: true, resolve: (a) => text(a.province) }),
    city: t.string({ nullable: true, resolve: (a) => text(a.city) }),
  }),
});

const PhoneNumberRef = builder.objectRef<Section>('PhoneNumber').implement({
  fields: (t) => ({
    countryCode: t.string({ nullable: true, resolve: (p) => text(p.countryCode) }),
    number: t.string({ nullable: true, resolve: (p) => text(p.phone) }),
    formatted: t.string({
      nullable: true,
      description: 'As displayed, e.g. "+886 12312".',
      resolve: (p) => text(p.phoneStr),
    }),
  }),
});

function sectionType(name: string, fields: Record<string, FieldKind>) {
  return builder.objectRef<Section>(name).implement({
    fields: (t) => ({
      ...Object.fromEntries(
        Object.entries(fields).map(([key, kind]) => {
          switch (kind) {
            case 'address':
              return [key, t.field({ type: AddressRef, nullable: true, resolve: (s) => objectAt(s, key) })];
            case 'phone':
              return [
                key,
                t.field({ type: PhoneNumberRef, nullable: true, resolve: (s) => objectAt(s, key) }),
              ];
            case 'list':
              return [
                key,
                t.stringList({
                  nullable: true,
                  resolve: (s) => {
                    const value = s[key];
                    return Array.isArray(value) ? value.map((v) => text(v) ?? JSON.stringify(v)) : null;
                  },
                }),
              ];
            default:
              return [key, t.string({ nullable: true, resolve: (s) => text(s[key]) })];
          }
        }),
      ),
      extraFields: t.field({
        type: 'JSONObject',
        description: 'Fields the broker configured that this schema does not name, as stored.',
        resolve: (s) => Object.fromEntries(Object.entries(s).filter(([key]) => !(key in fields))),
      }),
    }),
  });
}

const ProfileBaseRef = sectionType('ProfileBase', SECTIONS.base);
const ProfileCertRef = sectionType('ProfileCert', SECTIONS.cert);
const ProfileFinanceRef = sectionType('ProfileFinance', SECTIONS.finance);

export const AccountProfileRef = builder.objectRef<ProfileData>('AccountProfile').implement({
  description: "A user's account profile: personal details, identity documents and financial details.",
  fields: (t) => ({
    base: t.field({ type: ProfileBaseRef, resolve: (p) => p.base ?? {} }),
    cert: t.field({ type: ProfileCertRef, resolve: (p) => p.cert ?? {} }),
    finance: t.field({ type: ProfileFinanceRef, resolve: (p) => p.finance ?? {} }),
  }),
});

// ---- update ----

const textInput: StringValidationOptions = {
  maxLength: [TEXT_MAX, { message: `must be at most ${TEXT_MAX} characters` }],
};

const AddressInput = builder.inputType('AddressInput', {
  fields: (t) => ({
    country: t.string({ validate: textInput }),
    province: t.string({ validate: textInput }),
    city: t.string({ validate: textInput }),
  }),
});

const PhoneNumberInput = builder.inputType('PhoneNumberInput', {
  fields: (t) => ({
    countryCode: t.string({ validate: { regex: [/^(\+[0-9]{1,4})?$/, { message: 'must look like +86' }] } }),
    number: t.string({ validate: { regex: [/^[0-9 -]{0,20}$/, { message: 'must be up to 20 digits' }] } }),
    formatted: t.string({ validate: textInput }),
  }),
});

const EXTRA_FIELDS_MAX_BYTES = 16_384;

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
              return [key, t.stringList({ validate: { maxLength: 50, items: textInput } })];
            default:
              return [key, t.string({ validate: fieldRule(key) })];
          }
        }),
      ),
      extraFields: t.field({
        type: 'JSONObject',
        description: 'Broker-configured fields to set, merged into the section; must not name a field above.',
        validate: [
          (value) => !value || (Object.keys(value).every((k) => !(k in fields)) && fitsSize(value)),
          { message: `must not repeat a named field and must stay under ${EXTRA_FIELDS_MAX_BYTES} bytes` },
        ],
      }),
    }),
  });
}

function fieldRule(key: string): StringValidationOptions {
  if (key === 'birthday')
    return { regex: [/^(\d{4}-\d{2}-\d{2})?$/, { message: 'must be YYYY-MM-DD or empty' }] };
  if (key === 'email') {
    return {
      maxLength: 254,
      regex: [/^([^\s@]+@[^\s@]+\.[^\s@]+)?$/, { message: 'must be an email address or empty' }],
    };
  }
  return textInput;
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
      out[key] = isPlainObject(value) ? phoneToContract(value) : value;
    }
    patch[name] = out;
  }
  return patch;
}

function phoneToContract(value: Record<string, unknown>): Record<string, unknown> {
  const { number, formatted, ...rest } = value;
  return {
    ...rest,
    ...(number !== undefined ? { phone: number } : {}),
    ...(formatted !== undefined ? { phoneStr: formatted } : {}),
  };
}

builder.mutationField('updateProfile', (t) =>
  t.field({
    type: AccountProfileRef,
    description: "Changes the given fields of the viewer's profile and keeps every other field as it is.",
    errors: { types: [ValidationError], directResult: true },
    args: { input: t.arg({ type: ProfileUpdateInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const { userId } = requireViewer(ctx);
      const current = await ctx.api.profile(userId);
      const merged = mergeProfile(current, toPatch(input as Record<string, unknown>));
      await ctx.api.updateProfile(userId, merged);
      ctx.loaders.profile.clear(userId).prime(userId, merged);
      return merged;
    },
  }),
);
