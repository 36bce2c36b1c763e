import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportDocument } from '../src/document.js';
import { renderReportHtml } from '../src/render-html.js';

/**
 * report.html in a real headless browser: Debian's chromium, driven by playwright-core with the system executable
 * (no browser download). Without it the block is skipped with the reason; with NETCHECK_REQUIRE_LAB=1 (CI) it fails.
 */
const CHROMIUM = '/usr/bin/chromium';
const missing = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} not found (apt-get install chromium; scripts/setup.sh does it as root)`;
if (missing && process.env.NETCHECK_REQUIRE_LAB === '1') throw new Error(`browser test cannot run: ${missing}`);

// A report recorded in the lab: `netcheck report 10.0.4.2` inside the lossy scenario's client (10% loss r2 -> r3).
const doc = JSON.parse(
  readFileSync(new URL('../fixtures/reports/lossy.json', import.meta.url), 'utf8'),
) as ReportDocument;

/** Share of the screenshot's pixels that are not (near) white, measured in a blank page's canvas. */
async function inkShare(browser: Browser, png: Buffer): Promise<number> {
  const page = await browser.newPage();
  const share = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.width, img.height];
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    let ink = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i]! < 200 || d[i + 1]! < 200 || d[i + 2]! < 200) ink++;
    return ink / (d.length / 4);
  }, png.toString('base64'));
  await page.close();
  return share;
}

describe.skipIf(missing !== undefined)(
  `report.html in headless chromium${missing ? ` (skipped: ${missing})` : ''}`,
  () => {
    let browser: Browser;
    let file: string;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      const dir = mkdtempSync(join(tmpdir(), 'netcheck-report-'));
      file = join(dir, 'report.html');
      writeFileSync(file, renderReportHtml(doc));
    });
    afterAll(async () => {
      await browser?.close();
    });

    const open = async (width: number) => {
      const page: Page = await browser.newPage({ viewport: { width, height: 800 } });
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
      page.on('pageerror', (e) => void errors.push(String(e)));
      page.on('request', (r) => void requests.push(r.url()));
      await page.goto(`file://${file}`, { waitUntil: 'load' });
      return { page, errors, requests };
    };

    it.each([1024, 375])(
      'at %i px wide: no console error, no request, one element per hop, the blamed link marked, not blank',
      async (width) => {
        const { page, errors, requests } = await open(width);
        expect(errors).toEqual([]);
        expect(requests).toEqual([`file://${file}`]);
        const hops = doc.path!.hops;
        expect(await page.locator('svg.path [data-hop]').count()).toBe(hops.length);
        for (const h of hops)
          expect(await page.locator(`svg.path [data-hop="${h.ttl}"]`).getAttribute('data-verdict')).toBe(h.kind);
        // The lossy link r2 -> r3: the link into hop 3 (10.0.3.2) is the blamed one, and only it.
        const blamed = page.locator('svg.path [data-link][data-verdict="link-loss"]');
        expect(await blamed.count()).toBe(1);
        expect(await blamed.getAttribute('data-link')).toBe('3');
        expect(await page.locator('svg.path [data-hop="3"] text.addr').textContent()).toContain('10.0.3.2');
        // Rate-limiting routers are drawn as not a problem.
        expect(await page.locator('svg.path [data-hop="1"]').getAttribute('data-mark')).toBe('not-a-problem');
        // The page fits the viewport: nothing wider than the screen (the diagram and charts scale down).
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow).toBeLessThanOrEqual(0);
        const svgBox = await page.locator('svg.path').boundingBox();
        expect(svgBox!.width).toBeLessThanOrEqual(width);
        const png = await page.screenshot({ fullPage: true });
        expect(await inkShare(browser, png)).toBeGreaterThan(0.02);
        await page.close();
      },
    );

    it('the page holds everything itself: no src or href that leaves it', async () => {
      const html = renderReportHtml(doc);
      expect(html).not.toMatch(/\s(src|href)=["'](?!#|data:)/);
      expect(html).toContain("default-src 'none'");
    });
  },
);
