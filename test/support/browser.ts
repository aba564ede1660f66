import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type CDPSession, type Page } from 'playwright-core';

/** Debian's Chromium, which `.ci/install-chromium.sh` installs. */
export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Closes the browser and deletes its profile. */
  close(): Promise<void>;
}

/**
 * Headless Chromium with a throw-away profile. Call it inside the test, not in a hook: a failing hook reports the
 * tests as skipped instead of failed. A missing browser is a failure, never a silent skip (CI installs it first).
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: run .ci/install-chromium.sh (apt-get install -y chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'gatehouse-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: FLAGS });
    const page = context.pages()[0] ?? (await context.newPage());
    return {
      context,
      page,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/** A platform authenticator that holds passkeys and says yes to every ceremony (DevTools' WebAuthn domain). */
export async function addVirtualAuthenticator(cdp: CDPSession): Promise<string> {
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return authenticatorId;
}

/** The page's DevTools session with WebAuthn enabled and one virtual authenticator added. */
export async function withVirtualAuthenticator(browser: Browser): Promise<{ cdp: CDPSession; authenticatorId: string }> {
  const cdp = await browser.context.newCDPSession(browser.page);
  await cdp.send('WebAuthn.enable');
  return { cdp, authenticatorId: await addVirtualAuthenticator(cdp) };
}

/** A port free on 127.0.0.1 now (WebAuthn origins name the port before the server listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

type Json = Record<string, unknown>;
/** What the page's WebAuthn API looks like to scripts run in it (tsconfig has no DOM lib). */
export interface BrowserWebAuthn {
  PublicKeyCredential: { parseCreationOptionsFromJSON(options: unknown): unknown; parseRequestOptionsFromJSON(options: unknown): unknown };
  navigator: { credentials: { create(options: unknown): Promise<{ toJSON(): Json }>; get(options: unknown): Promise<{ toJSON(): Json }> } };
}
