/**
 * AccountProfile (2.11 / 2.12): base, cert and finance sections. The broker configures which fields
 * exist, so each section names the contract's fields and exposes the rest as `extraFields`. The
 * update lives in profile-update.ts.
 */
import type { ProfileData } from '../contract/wire.js';
import { builder } from './builder.js';
import { grantedOnly, type Readable } from './guards.js';
import { isPlainObject } from './scalars.js';

type Section = Record<string, unknown>;
export type FieldKind = 'text' | 'address' | 'phone' | 'list';

export const SECTIONS = {
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

export type SectionName = keyof typeof SECTIONS;
export const SECTION_NAMES = Object.keys(SECTIONS) as SectionName[];

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

export const AccountProfileRef = builder.objectRef<Readable<ProfileData>>('AccountProfile').implement({
  description: "A user's account profile: personal details, identity documents and financial details.",
  isTypeOf: grantedOnly('AccountProfile'),
  fields: (t) => ({
    base: t.field({ type: ProfileBaseRef, resolve: (p) => p.base ?? {} }),
    cert: t.field({ type: ProfileCertRef, resolve: (p) => p.cert ?? {} }),
    finance: t.field({ type: ProfileFinanceRef, resolve: (p) => p.finance ?? {} }),
  }),
});
