/**
 * Tests that need something outside node_modules (a redis-server, the benchmark's own packages, a
 * browser where the npm one has no build) skip when it is missing, saying why, instead of failing:
 * `npm test` passes on a machine with only Node and npm. CI installs everything and `.ci/run` fails
 * on any skipped test, so nothing is skipped there unnoticed.
 */

/** Prints why `what` is skipped when `missing` is a reason; answers it for `describe.skipIf`/`it.skipIf`. */
export function skipUnlessPresent(what: string, missing: string | undefined): boolean {
  if (missing) process.stderr.write(`skipped ${what}: ${missing}\n`);
  return missing !== undefined;
}
