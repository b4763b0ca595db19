// figures.test.mjs - a resident, a Panel member and a member of staff read
// the figures in the papers: /figures shows the heading, the counts line and
// a table with a row and a status tag for every figure the reader may see;
// filtering by status "differs" leaves the figures that differ; a
// figure's link opens its page with what was printed, what peel computed,
// the status and why, and the records it was computed from, each a link
// that opens.  At 1100 px and at 375 px wide, with no sideways scrolling of
// the page at 375 px (a wide table scrolls in its .table-wrap).  axe-core
// scans each page (tests/browser/lib.mjs).
//
// Data: `peel init` then `peel demo` (133 figures, three of which differ).
//
// PEEL_DOCS_SCREENSHOTS=docs/screenshots: also writes figures.png,
// figures-375.png, figure.png and figure-375.png there (the staff pages).
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, PASSWORD } from './lib.mjs';

const DOCS = process.env.PEEL_DOCS_SCREENSHOTS;
const DIFFERS = ['001-oocr-domestic-share', '002-ar-cgb-meetings-2022-23',
  '002-ar-commissioning-income-2022-23',
  '002-ar-complaint-reviews-upheld-share', '002-ar-foi-within-21-days-share-2022-23',
  '002-cgb-savings-2023-05'];
// a figure computed from records (its page lists them) that differs
const ONE = '002-ar-cgb-meetings-2022-23';

const { peel, startServer, launch, scan, signIn, finish } = setup({ prefix: 'figures-' });

peel('init');
peel('demo');
peel('user', 'add', 'staff1', '--role', 'staff', { input: PASSWORD + '\n' });
peel('user', 'add', 'panel1', '--role', 'panel', { input: PASSWORD + '\n' });
// what each reader may see, as the command computes it for them
const expected = {
  public: JSON.parse(peel('--as', 'public', 'figures', '--format', 'json')),
  panel: JSON.parse(peel('--as', 'panel', 'figures', '--format', 'json')),
  staff: JSON.parse(peel('figures', '--format', 'json')),
};
const srv = await startServer();
const browser = await launch();

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} scrolls sideways by ${overflow}px at 375 px`);
}

async function rowKeys(page) {
  return page.$$eval('#figures tbody tr', (trs) => trs.map((tr) => tr.id.replace(/^figure-/, '')));
}

async function checkList(page, who) {
  assert.equal(await page.textContent('h1'), 'Figures in the papers', who);
  const figs = expected[who];
  const counts = await page.textContent('#figure-counts');
  assert.match(counts, new RegExp(`^${figs.length} figures: `), `${who}: ${counts}`);
  const n = (s) => figs.filter((f) => f.status === s).length;
  assert.ok(counts.includes(`${n('agrees')} agree, ${n('differs')} differ`), `${who}: ${counts}`);
  assert.deepEqual(await rowKeys(page), figs.map((f) => f.key), `${who}: a row per figure`);
  const tags = await page.$$eval('#figures tbody tr .tag', (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(tags, figs.map((f) => f.status_label), `${who}: a status tag per row`);
  assert.ok(await page.locator('#figures').isVisible(), `${who}: the table is shown`);
}

async function filterDiffers(page, who) {
  await page.selectOption('#filter-status', 'differs');
  await page.click('button:has-text("Show figures")');
  await page.waitForURL(/status=differs/);
  assert.deepEqual((await rowKeys(page)).sort(), DIFFERS, `${who}: the figures that differ`);
  assert.match(await page.textContent('#figure-counts'), /^6 figures: 0 agree, 6 differ/, who);
  const tags = await page.$$eval('#figures tbody tr .tag', (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(tags, DIFFERS.map(() => 'Differs'), who);
}

async function checkOne(page, who) {
  const fig = expected[who].find((f) => f.key === ONE);
  assert.equal(await page.textContent('h1'), fig.label, who);
  assert.equal((await page.textContent('#printed')).trim(), fig.printed, who);
  assert.equal((await page.textContent('#computed')).trim(), fig.computed, who);
  assert.match(await page.textContent('#status'), new RegExp(fig.status_label), who);
  assert.ok((await page.textContent('#why')).includes(fig.why.slice(0, 40)), who);
  const from = page.locator('section, main').locator('h2:text-is("Computed from") + p + ul a');
  const hrefs = await from.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(hrefs.length > 0, `${who}: the records it was computed from`);
  const ids = fig.computed_from.ids.map((id) => `/records/${fig.computed_from.type}/${id}`);
  assert.deepEqual(hrefs, ids, `${who}: a link per record`);
  return hrefs;
}

// One reader's walk: the list, the filter, a figure, a record it came from.
async function walk(page, who, shots) {
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.goto(srv.base + '/');
  await page.goto(srv.base + '/figures');
  await checkList(page, who);
  await scan(page, `${who}-list`);
  if (shots) {
    // the first screens: the whole table is some 130 rows long
    await page.setViewportSize({ width: 1100, height: 1800 });
    await page.screenshot({ path: path.join(DOCS, 'figures.png') });
  }

  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await checkList(page, who);
  await noSidewaysScroll(page, `${who}: /figures`);
  await scan(page, `${who}-list-375`);
  if (shots) {
    await page.setViewportSize({ width: 375, height: 2400 });
    await page.screenshot({ path: path.join(DOCS, 'figures-375.png') });
    await page.setViewportSize({ width: 375, height: 800 });
  }

  for (const width of [1100, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(srv.base + '/figures');
    await filterDiffers(page, `${who} at ${width}`);
    if (width === 375) await noSidewaysScroll(page, `${who}: /figures?status=differs`);
    await scan(page, `${who}-differs-${width}`);
    await page.click(`#figure-${ONE} a`);
    await page.waitForURL(`**/figures/${ONE}`);
    const hrefs = await checkOne(page, who);
    if (width === 375) await noSidewaysScroll(page, `${who}: /figures/${ONE}`);
    await scan(page, `${who}-one-${width}`);
    if (shots) {
      await page.screenshot({ path: path.join(DOCS, width === 375 ? 'figure-375.png' : 'figure.png'),
        fullPage: true });
    }
    // staff (and only staff) are offered the figure's record
    const button = page.locator('a:has-text("The figure\'s record")');
    assert.equal(await button.count(), who === 'staff' ? 1 : 0, `${who}: the record button`);
    await page.click(`a[href="${hrefs[0]}"]`);
    await page.waitForURL(`**${hrefs[0]}`);
    assert.ok((await page.textContent('h1')).length > 0, `${who}: the record opens`);
  }
}

await finish(async () => {
  const pub = await (await browser.newContext()).newPage();
  await walk(pub, 'public', false);

  const panel = await (await browser.newContext()).newPage();
  await signIn(panel, srv.base, 'panel1');
  await walk(panel, 'panel', false);

  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, srv.base, 'staff1');
  await walk(staff, 'staff', Boolean(DOCS));
});
