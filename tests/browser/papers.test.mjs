// papers.test.mjs - a resident, a Panel member and a member of staff read
// the Panel's papers: /papers (the papers each may open), the 2024 update
// report as a page with its downloads, and the agenda pack of 9 October 2023;
// staff also read the annual report, which cannot be published yet, with
// the figures that stand in its way and the Panel's rules checked against
// it.  At 1100 px and at 375 px wide with no sideways scrolling at 375 px;
// axe-core scans each page.  The PDF download opens as a PDF.
//
// Data: `peel init` then `peel demo`.
//
// PEEL_DOCS_SCREENSHOTS=docs/screenshots: also writes papers.png (public),
// paper.png and paper-375.png (public), paper-gate.png (staff, the annual
// report) and pack.png (public).
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, PASSWORD } from './lib.mjs';

const DOCS = process.env.PEEL_DOCS_SCREENSHOTS;

const { peel, startServer, launch, scan, signIn, finish } =
  setup({ now: '2024-11-01T12:00:00Z', prefix: 'papers-' });

peel('init');
peel('demo');
peel('user', 'add', 'staff1', '--role', 'staff', { input: PASSWORD + '\n' });
peel('user', 'add', 'panel1', '--role', 'panel', { input: PASSWORD + '\n' });
const ids = Object.fromEntries(JSON.parse(peel('export', 'paper', '--format', 'json'))
  .map((p) => [p.key, p.id]));
const meeting = JSON.parse(peel('show', 'meeting', 'PCP 2023-10-09', '--format', 'json')).id;
const srv = await startServer();
const browser = await launch();

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} scrolls sideways by ${overflow}px at 375 px`);
}

async function read(page, who, shots) {
  const staff = who === 'staff';
  const pub = shots && who === 'public';
  for (const width of [1100, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(srv.base + '/papers');
    assert.equal(await page.textContent('h1'), 'Papers', who);
    const rows = await page.$$eval('#papers tbody tr th a', (as) => as.map((a) => a.textContent));
    assert.equal(rows.length, staff ? 4 : 3, `${who}: the papers listed`);
    assert.equal(rows.some((t) => t.includes('annual report')), staff, `${who}: the annual report`);
    if (width === 375) await noSidewaysScroll(page, `${who}: /papers`);
    await scan(page, `${who}-papers-${width}`);
    if (pub && width === 1100) {
      await page.screenshot({ path: path.join(DOCS, 'papers.png'), fullPage: true });
    }

    await page.goto(srv.base + `/papers/${ids['2024-10-update']}`);
    assert.match(await page.textContent('h1'), /Update Report/, who);
    assert.match(await page.textContent('#paper'), /undertook 7 Community Days/, who);
    assert.equal(await page.locator('#publication').count(), staff ? 1 : 0, `${who}: the gate`);
    if (width === 375) await noSidewaysScroll(page, `${who}: the update report`);
    await scan(page, `${who}-paper-${width}`);
    if (pub) {
      await page.screenshot({ path: path.join(DOCS, width === 375 ? 'paper-375.png' : 'paper.png'),
        fullPage: width === 1100 });
    }

    await page.goto(srv.base + `/papers/packs/${meeting}`);
    assert.match(await page.textContent('h1'), /9 October 2023: agenda/, who);
    if (width === 375) await noSidewaysScroll(page, `${who}: the pack`);
    await scan(page, `${who}-pack-${width}`);
    if (pub && width === 1100) {
      await page.screenshot({ path: path.join(DOCS, 'pack.png'), fullPage: true });
    }
  }
  const pdf = await page.request.get(srv.base + `/papers/${ids['2024-10-update']}/download?format=pdf`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  const annual = await page.goto(srv.base + `/papers/${ids['2023-10-annual']}`);
  assert.equal(annual.status(), staff ? 200 : 404, `${who}: the unpublished annual report`);
  if (staff) {
    await page.setViewportSize({ width: 1100, height: 900 });
    assert.match(await page.textContent('#publication'), /cannot be published/);
    assert.ok(await page.locator('#figures-to-settle tbody tr').count() >= 7);
    assert.match(await page.textContent('#rules'), /Does not follow/);
    await scan(page, 'staff-annual');
    if (shots) {
      await page.screenshot({ path: path.join(DOCS, 'paper-gate.png'), fullPage: false });
    }
  }
}

await finish(async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await read(page, 'public', !!DOCS);
  await ctx.close();
  for (const [who, name] of [['panel', 'panel1'], ['staff', 'staff1']]) {
    const c = await browser.newContext();
    const p = await c.newPage();
    await signIn(p, srv.base, name);
    await read(p, who, !!DOCS);
    await c.close();
  }
});
