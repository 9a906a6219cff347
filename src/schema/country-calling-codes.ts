/**
 * The country calling codes assigned in ITU-T E.164 (countries, territories and the global services
 * such as +800 and +882), without the +. A closed set: a profile's countryCode must be one of them.
 */
const RANGES: Array<[from: number, to: number]> = [
  [1, 1],
  [7, 7],
  [20, 20],
  [27, 27],
  [30, 34],
  [36, 36],
  [39, 41],
  [43, 49],
  [51, 58],
  [60, 66],
  [81, 82],
  [84, 84],
  [86, 86],
  [90, 95],
  [98, 98],
  [211, 213],
  [216, 216],
  [218, 218],
  [220, 258],
  [260, 269],
  [290, 291],
  [297, 299],
  [350, 359],
  [370, 383],
  [385, 387],
  [389, 389],
  [420, 421],
  [423, 423],
  [500, 509],
  [590, 599],
  [670, 670],
  [672, 683],
  [685, 692],
  [800, 800],
  [808, 808],
  [850, 850],
  [852, 853],
  [855, 856],
  [870, 870],
  [878, 878],
  [880, 883],
  [886, 886],
  [888, 888],
  [960, 968],
  [970, 977],
  [979, 979],
  [991, 996],
  [998, 998],
];

const CODES: ReadonlySet<string> = new Set(
  RANGES.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i))),
);

/** `+86` yes, `+999` no; the + is required. */
export function isCountryCallingCode(value: string): boolean {
  return /^\+[0-9]{1,3}$/.test(value) && CODES.has(value.slice(1));
}
