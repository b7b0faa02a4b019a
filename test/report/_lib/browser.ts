import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Flags for Debian's chromium in a container: no sandbox, no GPU, and nothing that phones home. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Path of the Debian `chromium` binary. Throws (never skips) when it is missing, so that a CI without it
 * fails visibly instead of passing without having run the browser tests.
 */
export function chromiumPath(): string {
  try {
    const path = execFileSync('which', ['chromium'], { encoding: 'utf8' }).trim();
    if (path !== '') return path;
  } catch {
    // fall through to the error below
  }
  throw new Error(
    'The report browser tests need Debian\'s chromium, and `which chromium` found none. Install it with `apt-get install -y chromium` (.ci/run does this); never download a browser.',
  );
}

/** A headless Chromium with a fresh profile; `close()` removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const executablePath = chromiumPath();
  const profile = mkdtempSync(join(tmpdir(), 'customs-risk-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1360, height: 900 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
