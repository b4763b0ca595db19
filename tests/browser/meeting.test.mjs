// meeting.test.mjs - a resident opens the first 2023 meeting of the Police
// and Crime Panel and reads its agenda, as Modern.gov shows one: date, time
// and status first, then attendance, declarations and the numbered agenda
// with each item's decision beneath it.  Public at desktop width and 375 px,
// then the same page as staff (screenshots meeting and meeting-375 are the
// ones docs/screenshots keeps).  axe-core scans each (tests/browser/lib.mjs).
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, PASSWORD } from './lib.mjs';

// PEEL_DOCS_SCREENSHOTS=docs/screenshots: also writes meeting.png and
// meeting-375.png there (the staff page's first screens), for the README.
const DOCS = process.env.PEEL_DOCS_SCREENSHOTS;

const { peel, startServer, launch, scan, signIn, finish } = setup({ prefix: 'meeting-' });

peel('init');
peel('demo');
peel('user', 'add', 'staff1', '--role', 'staff', { input: PASSWORD + '\n' });
const srv = await startServer();
const browser = await launch();

async function checkAgenda(page, who) {
  const h1 = await page.textContent('h1');
  assert.match(h1, /PCP 2023-07-26/, who);
  const dts = await page.$$eval('.summary-list dt', (els) => els.map((e) => e.textContent));
  for (const label of ['Date', 'Time', 'Status']) assert.ok(dts.includes(label), `${who}: ${label}`);
  assert.ok(!dts.includes('Place'), `${who}: an empty place is no blank row`);
  assert.equal(dts.includes('Source'), who === 'staff', `${who}: the source is staff's`);
  const headings = await page.$$eval('section.related h2', (els) => els.map((e) => e.textContent));
  const at = (h) => headings.findIndex((x) => x.startsWith(h));
  assert.ok(at('Attendance') >= 0 && at('Attendance') < at('Declarations of interest'), who);
  assert.ok(at('Declarations of interest') < at('Agenda'), who);
  assert.ok(headings[at('Agenda')].includes('(15)'), `${who}: ${headings[at('Agenda')]}`);
  const agenda = page.locator('section.related', { has: page.locator('h2:text-matches("^Agenda")') });
  const numbers = await agenda.locator('td.related-number').allTextContents();
  assert.deepEqual(numbers, Array.from({ length: 15 }, (_, i) => String(i + 1)), who);
  const first = await agenda.locator('tbody tr').first().textContent();
  assert.match(first, /Election of Chair for 2023-24 municipal year/, who);
  // the decision is under its item
  const details = await agenda.locator('.related-detail').allTextContents();
  assert.ok(details.some((d) => d.startsWith('Resolution:')), `${who}: resolutions shown`);
}

await finish(async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();

  // The resident's way in: the Panel's page lists its meetings.
  await page.goto(srv.base + '/records/body');
  await page.click('a:has-text("Police and Crime Panel")');
  const meetings = page.locator('section.related', { has: page.locator('h2:text-matches("^Meetings")') });
  const refs = await meetings.locator('tbody td:first-child a').allTextContents();
  const first2023 = refs.filter((r) => r.startsWith('PCP 2023')).sort()[0];
  assert.equal(first2023, 'PCP 2023-07-26');
  await meetings.locator(`a:has-text("${first2023}")`).click();
  await page.waitForSelector('h1');
  await checkAgenda(page, 'public');
  await scan(page, 'public');

  await page.setViewportSize({ width: 375, height: 800 });
  await page.reload();
  await checkAgenda(page, 'public');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the page scrolls sideways by ${overflow}px at 375 px`);
  await scan(page, 'public-375');

  const staff = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const sp = await staff.newPage();
  await signIn(sp, srv.base, 'staff1');
  await sp.goto(page.url());
  await checkAgenda(sp, 'staff');
  await scan(sp, 'staff');
  if (DOCS) {
    await sp.setViewportSize({ width: 1100, height: 1700 });
    await sp.screenshot({ path: path.join(DOCS, 'meeting.png') });
  }
  await sp.setViewportSize({ width: 375, height: 800 });
  await sp.reload();
  await scan(sp, 'staff-375');
  if (DOCS) {
    await sp.setViewportSize({ width: 375, height: 1400 });
    await sp.screenshot({ path: path.join(DOCS, 'meeting-375.png') });
    for (let i = 0; i < 4; i++) {
      await sp.evaluate((y) => window.scrollTo(0, y), 1400 * (i + 1));
      await sp.screenshot({ path: path.join(DOCS, `../../build-test/browser-artefacts/m375-${i}.png`) });
    }
  }
});
