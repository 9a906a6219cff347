import { describe, expect, it } from 'vitest';
import { mergeProfile } from '../../src/schema/profile-merge.js';

const current = {
  base: {
    accountName: 'test',
    residence: { city: 'A', country: 'B', province: '', district: 'kept' },
    brokerField: { nested: [1, 2] },
  },
  cert: { idNum: '1' },
  finance: { investmentExperience: ['Stocks'], remark: 'x' },
  topLevelExtra: true,
};

describe('mergeProfile', () => {
  it('changes only the given fields and keeps everything else, unknown fields included', () => {
    const merged = mergeProfile(current, { base: { accountName: 'new', residence: { city: 'C' } } });
    expect(merged).toEqual({
      ...current,
      base: { ...current.base, accountName: 'new', residence: { ...current.base.residence, city: 'C' } },
    });
  });

  it('clears with null: text to "", lists to [], nested texts to ""', () => {
    const merged = mergeProfile(current, {
      finance: { investmentExperience: null, remark: null },
      base: { residence: null },
    });
    expect(merged.finance).toEqual({ investmentExperience: [], remark: '' });
    expect(merged.base?.residence).toEqual({ city: '', country: '', province: '', district: '' });
  });

  it('replaces lists and creates missing sections', () => {
    const merged = mergeProfile({}, { finance: { investmentExperience: ['Forex'] } });
    expect(merged).toEqual({ finance: { investmentExperience: ['Forex'] } });
  });

  it('does not change its input', () => {
    const copy = structuredClone(current);
    mergeProfile(current, { base: { accountName: 'other' } });
    expect(current).toEqual(copy);
  });
});
