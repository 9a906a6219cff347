/**
 * Chromium for the browser tests, with nothing installed on the system: CHROMIUM_PATH when set, else
 * the build that ships inside the @sparticuz/chromium npm package (a devDependency), else Debian's
 * /usr/bin/chromium (for a platform the package has no build for). No test tool downloads a browser.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Browser, chromium } from 'playwright-core';

const ROOT = join(import.meta.dirname, '../..');
const SYSTEM_CHROMIUM = '/usr/bin/chromium';

// As root on this closed network: no sandbox (it needs an unprivileged user), and none of the
// background connections to Google's hosts, which are refused here and slow every start.
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumBinary {
  executablePath: string;
  /** Where it came from, for the test's output. */
  source: string;
}

/** Finds a Chromium, or says why there is none (the browser tests then skip with that reason). */
export async function findChromium(): Promise<ChromiumBinary | { missing: string }> {
  const explicit = process.env.CHROMIUM_PATH;
  if (explicit) {
    return existsSync(explicit)
      ? { executablePath: explicit, source: 'CHROMIUM_PATH' }
      : { missing: `CHROMIUM_PATH=${explicit} does not exist` };
  }
  if (platform() === 'linux' && arch() === 'x64') {
    return { executablePath: await unpackedPackageChromium(), source: '@sparticuz/chromium' };
  }
  if (existsSync(SYSTEM_CHROMIUM)) return { executablePath: SYSTEM_CHROMIUM, source: SYSTEM_CHROMIUM };
  return {
    missing: `@sparticuz/chromium has no build for ${platform()}-${arch()} and there is no ${SYSTEM_CHROMIUM}: set CHROMIUM_PATH`,
  };
}

export function launchChromium(binary: ChromiumBinary): Promise<Browser> {
  return chromium.launch({ executablePath: binary.executablePath, args: FLAGS, timeout: 60_000 });
}

/**
 * The package ships Chromium brotli-compressed and unpacks it into os.tmpdir(), shared by every
 * checkout and test process on the machine. Here it is unpacked once per package version into
 * node_modules/.cache: into a fresh directory first, then renamed into place, so parallel test
 * files (and parallel test runs) never start a half-written binary.
 */
async function unpackedPackageChromium(): Promise<string> {
  const { version } = JSON.parse(
    await readFile(join(ROOT, 'node_modules/@sparticuz/chromium/package.json'), 'utf8'),
  ) as { version: string };
  const cache = join(ROOT, 'node_modules/.cache/lwork-graph');
  const target = join(cache, `chromium-${version}`);
  const binary = join(target, 'chromium');
  if (existsSync(binary)) return binary;

  await mkdir(cache, { recursive: true });
  const staging = await mkdtemp(join(cache, 'unpacking-'));
  try {
    // A child process with TMPDIR pointing at the staging directory: the package's own unpacking
    // (chromium, its swiftshader libraries beside it, fonts) then lands there.
    await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', "await (await import('@sparticuz/chromium')).default.executablePath()"],
      { cwd: ROOT, env: { ...process.env, TMPDIR: staging } },
    );
    await rename(staging, target).catch((error: NodeJS.ErrnoException) => {
      // Another process finished first: its copy is as good as this one.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return binary;
}
