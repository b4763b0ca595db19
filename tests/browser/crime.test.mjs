// crime.test.mjs - a resident looks at crime in the force area: /crime
// shows the districts on a map with a legend, a table of the latest month
// and the 12 months to it (each saying how many months hold data) and the
// months strip with the missing months; then a district's pack, inside the
// site's layout with its navigation, its map's legend, and no sideways
// scrolling of the page at 375 px (wide tables scroll in their wrapper).
// axe-core scans each page (tests/browser/lib.mjs).
//
// Data: the committed police.uk sample for January 2022, and the same rows
// as April 2022, so February and March are a gap.  The map needs the ONS
// LSOA boundaries of ../shared/data (PEEL_SHARED); without them the pages
// say there is no map and the map checks are skipped.
//
// PEEL_DOCS_SCREENSHOTS=docs/screenshots: also writes crime.png,
// crime-375.png, crime-pack.png and crime-pack-375.png there.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { DATA, setup } from './lib.mjs';

const DOCS = process.env.PEEL_DOCS_SCREENSHOTS;
const SOURCE = path.join(DATA, '..', '..');
process.env.PEEL_SHARED = process.env.PEEL_SHARED || path.join(SOURCE, '..', 'shared');
const BOUNDARIES = path.join(process.env.PEEL_SHARED, 'data', 'geography', 'geo-lookups',
  'boundaries', 'lsoa');
const HAVE_MAP = fs.existsSync(BOUNDARIES);

const { dir, peel, startServer, launch, scan, finish } = setup({ prefix: 'crime-' });

const sample = path.join(DATA, 'police-uk-sample', '2022-01', '2022-01-leicestershire-street.csv');
const april = path.join(dir, '2022-04-leicestershire-street.csv');
fs.writeFileSync(april, fs.readFileSync(sample, 'utf8').replaceAll(',2022-01,', ',2022-04,'));
peel('init');
peel('import', 'area', path.join(SOURCE, 'demo', 'area.csv'));
peel('area', 'import', path.join(DATA, 'crime', 'ons-lookup-sample.csv'));
peel('crime', 'import', sample, april);
const srv = await startServer();
const browser = await launch();

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} scrolls sideways by ${overflow}px at 375 px`);
}

async function checkOverview(page) {
  assert.equal(await page.textContent('h1'), 'Crime performance');
  // the months strip: February and March missing, said in words too
  const cells = await page.$$eval('table.months-strip tbody tr:first-child td',
    (tds) => tds.map((t) => t.className));
  assert.deepEqual(cells.slice(0, 4), ['month-have', 'month-gap', 'month-gap', 'month-have']);
  assert.match(await page.textContent('main'), /No data is imported for 2022-02 to 2022-03/);
  const links = await page.$$eval('table.crime-districts a', (as) => as.map((a) => a.textContent));
  assert.ok(links.includes('Blaby'), links.join());
  if (HAVE_MAP) {
    const map = page.locator('figure.crime-map svg');
    assert.ok(await map.isVisible(), 'the map is shown');
    const titles = await page.$$eval('figure.crime-map path > title', (ts) => ts.map((t) => t.textContent));
    assert.ok(titles.some((t) => /^Blaby: \d+ crimes$/.test(t)), titles.join());
    const legend = await page.$$eval('figure.crime-map g.legend text', (ts) => ts.map((t) => t.textContent));
    assert.equal(legend[0], 'Key: number of crimes');
    assert.equal(legend[legend.length - 1], 'No data');
    const box = await map.boundingBox();
    const vw = page.viewportSize().width;
    assert.ok(box.width <= vw, `the map fits the screen: ${box.width} > ${vw}`);
  }
}

async function checkPack(page) {
  assert.equal(await page.textContent('h1'), 'Crime performance pack: Blaby');
  assert.ok(await page.locator('.navs').count(), 'the site navigation');
  assert.ok(await page.locator('#site-search').count(), 'the search box');
  assert.match(await page.textContent('main'), /No stop and search figures/);
  if (HAVE_MAP) {
    const legend = await page.$$eval('#map-t ~ g.legend text', (ts) => ts.map((t) => t.textContent));
    assert.equal(legend[legend.length - 1], 'No data');
  }
}

await finish(async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await page.goto(srv.base + '/');
  await page.click('nav a:has-text("Crime performance")');
  await page.waitForURL('**/crime');
  await checkOverview(page);
  await scan(page, 'overview');
  if (DOCS) await page.screenshot({ path: path.join(DOCS, 'crime.png'), fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await scan(page, 'overview-375');
  await checkOverview(page);
  await noSidewaysScroll(page, '/crime');
  if (DOCS) await page.screenshot({ path: path.join(DOCS, 'crime-375.png'), fullPage: true });

  await page.setViewportSize({ width: 1100, height: 900 });
  await page.click('table.crime-districts a:has-text("Blaby")');
  await page.waitForURL('**/crime/pack/E07000129');
  await checkPack(page);
  await scan(page, 'pack');
  if (DOCS) await page.screenshot({ path: path.join(DOCS, 'crime-pack.png'), fullPage: true });

  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await scan(page, 'pack-375');
  await checkPack(page);
  await noSidewaysScroll(page, 'the pack');
  if (DOCS) await page.screenshot({ path: path.join(DOCS, 'crime-pack-375.png'), fullPage: true });
  await page.click('a:has-text("All districts")');
  await page.waitForURL('**/crime');
});
