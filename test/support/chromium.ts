/**
 * Debian's Chromium (`apt-get install chromium`, done by .ci/run) driven by playwright-core: no
 * browser download. A fresh user-data-dir per launch and the flags that keep a headless Chromium
 * off the network (the machine has none) and deterministic.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CRMHUB_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export async function launchChromium(o: { locale?: string } = {}): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`);
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'crmhub-chromium-')), {
    executablePath: CHROMIUM, headless: true, args: FLAGS, locale: o.locale ?? 'en-GB', timezoneId: 'Europe/Madrid',
    viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce', acceptDownloads: true,
  });
}

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation { id: string; impact: string | null; help: string; nodes: number }

/**
 * axe-core run inside the page. Injected through the DevTools protocol (page.evaluate), not a
 * <script> tag, so the page's CSP (script-src 'self') stays as strict as in production.
 */
export async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE);
  // A string, evaluated in the page (Node's types know no DOM).
  return page.evaluate(`axe.run(document, { resultTypes: ['violations'] })
    .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })))`) as Promise<AxeViolation[]>;
}

export const serious = (v: AxeViolation[]) => v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
