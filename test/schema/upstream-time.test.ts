import { type GraphQLScalarType, parseValue } from 'graphql';
import { describe, expect, it } from 'vitest';
import { getSchema } from '../../src/schema/index.js';
import { fromUpstreamTime } from '../../src/schema/upstream-time.js';

const dateTime = getSchema().getType('DateTime') as GraphQLScalarType;

describe('upstream times', () => {
  it('read millisecond timestamps, zone-less local times as UTC, and zoned times as they are', () => {
    expect(fromUpstreamTime(1_492_625_263_218)?.toISOString()).toBe('2017-04-19T18:07:43.218Z');
    expect(fromUpstreamTime('2017-04-19T18:07:43.218')?.toISOString()).toBe('2017-04-19T18:07:43.218Z');
    expect(fromUpstreamTime('2017-04-19T20:07:43.218+02:00')?.toISOString()).toBe('2017-04-19T18:07:43.218Z');
    expect(fromUpstreamTime(null)).toBeNull();
    expect(fromUpstreamTime(undefined)).toBeNull();
  });

  it('become invalid dates when unreadable, which the scalar refuses', () => {
    for (const value of ['yesterday', Number.NaN]) {
      const date = fromUpstreamTime(value);
      expect(date).toBeInstanceOf(Date);
      expect(() => dateTime.serialize(date)).toThrow('DateTime cannot represent an invalid date');
    }
  });
});

describe('the DateTime scalar', () => {
  it('serialises Dates only: the upstream formats are read where each type is mapped', () => {
    expect(dateTime.serialize(new Date(Date.UTC(2017, 3, 19, 18, 7, 43, 218)))).toBe(
      '2017-04-19T18:07:43.218Z',
    );
    expect(() => dateTime.serialize(1_492_625_263_218)).toThrow();
    expect(() => dateTime.serialize('2017-04-19T18:07:43.218')).toThrow();
  });

  it('parses ISO-8601 date-times with their zone', () => {
    expect(dateTime.parseValue('2017-04-19T20:07:43.218+02:00')).toEqual(
      new Date('2017-04-19T18:07:43.218Z'),
    );
    expect(dateTime.parseLiteral(parseValue('"2017-04-19T18:07:43Z"'))).toEqual(
      new Date('2017-04-19T18:07:43Z'),
    );
    for (const value of ['2017-04-19T18:07:43.218', '2017-04-19', 'yesterday', 1_492_625_263_218]) {
      expect(() => dateTime.parseValue(value)).toThrow('DateTime must be an ISO-8601 string');
    }
  });
});
