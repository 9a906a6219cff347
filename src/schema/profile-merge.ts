/**
 * The partial-update rule of updateProfile: the patch is merged into the current profile document and
 * the whole document is written back (2.12 replaces what is stored). Absent fields stay as they are,
 * so fields the schema does not know survive untouched; `null` clears a field (text to "", list to
 * [], each text of a nested object to ""); nested objects merge field by field; lists are replaced.
 */
import type { ProfileData } from '../contract/wire.js';

type Json = unknown;

export function mergeProfile(current: ProfileData, patch: Record<string, Json>): ProfileData {
  return mergeObject(current, patch) as ProfileData;
}

function mergeObject(current: Json, patch: Record<string, Json>): Record<string, Json> {
  const out: Record<string, Json> = isObject(current) ? { ...current } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) out[key] = cleared(out[key]);
    else if (isObject(value)) out[key] = mergeObject(out[key], value);
    else out[key] = value;
  }
  return out;
}

function cleared(value: Json): Json {
  if (Array.isArray(value)) return [];
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cleared(v)]));
  return '';
}

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
