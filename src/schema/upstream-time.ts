/**
 * The upstream's times as Dates, read where a type maps them: millisecond timestamps (2.6, 2.7) and
 * zone-less local times such as `2017-04-19T18:07:43.218` (2.13), which are read as UTC.
 */

/** An unreadable time becomes an invalid Date, which the DateTime scalar refuses like any other. */
export function fromUpstreamTime(value: number | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return new Date(Number.isFinite(value) ? value : Number.NaN);
  return new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`);
}
