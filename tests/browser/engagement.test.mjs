// engagement.test.mjs - a resident, a Panel member and a member of staff
// read the engagement pages: /engagement for August and September 2024 with
// the summary, the table of visits beside the map and the year's coverage;
// the "You said, we did" page; a resident writes through /contact and reads
// the status with the reference and token; the decisions register and the
// publication scheme.  The visits table has a row for every engagement the
// reader's `peel engagement summary` counts as held.  At 1100 px and at 375
// px wide with no sideways scrolling at 375 px; axe-core scans each page.
//
// Data: `peel init` then `peel demo`, read on 1 November 2024 (after the
// demo's 2024 community days were recorded as held).
//
// PEEL_DOCS_SCREENSHOTS=docs/screenshots: also writes engagement.png,
// engagement-375.png, oversight.png, decisions.png, scheme.png, custody.png,
// scrutiny.png, complaints.png, foi.png, disclosure-log.png, demand.png and workforce.png,
// each also at 375 px (staff), contact.png, contact-375.png
// and contact-sent.png (a resident).
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, PASSWORD } from './lib.mjs';

const DOCS = process.env.PEEL_DOCS_SCREENSHOTS;
const PERIOD = '/engagement?from=2024-08-01&to=2024-09-30&year=2022-23';

const { peel, startServer, launch, scan, signIn, finish } =
  setup({ now: '2024-11-01T12:00:00Z', prefix: 'engagement-' });

peel('init');
peel('demo');
peel('user', 'add', 'staff1', '--role', 'staff', { input: PASSWORD + '\n' });
peel('user', 'add', 'panel1', '--role', 'panel', { input: PASSWORD + '\n' });
// what each reader's summary counts as held in the period
const held = {};
for (const who of ['public', 'panel', 'staff']) {
  const as = who === 'staff' ? [] : ['--as', who];
  const rows = JSON.parse(peel(...as, 'engagement', 'summary', '--from', '2024-08-01',
    '--to', '2024-09-30', '--format', 'json')).rows;
  const total = (s) => rows.find((r) => r.section === s && r.item === '').count;
  held[who] = total('Community days held') + total('Other visits and meetings held');
}
const srv = await startServer();
const browser = await launch();

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} scrolls sideways by ${overflow}px at 375 px`);
}

async function engagement(page, who, shots) {
  for (const width of [1100, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(srv.base + PERIOD);
    assert.equal(await page.textContent('h1'), 'Engagement', who);
    assert.ok(await page.locator('#engagement-summary').isVisible(), `${who}: the summary`);
    const rows = await page.$$eval('#engagement-visits tbody tr a', (as) => as.length);
    assert.equal(rows, held[who], `${who}: a row per engagement held`);
    assert.ok(await page.locator('#engagement-coverage').isVisible(), `${who}: the coverage`);
    if (width === 375) await noSidewaysScroll(page, `${who}: /engagement`);
    await scan(page, `${who}-${width}`);
    if (shots) {
      await page.screenshot({ path: path.join(DOCS, width === 375 ? 'engagement-375.png'
        : 'engagement.png'), fullPage: true });
    }
  }
  await page.goto(srv.base + '/engagement/you-said-we-did');
  assert.equal(await page.textContent('h1'), 'You said, we did', who);
  await scan(page, `${who}-ysdw`);
  for (const where of ['/oversight?from=2024-07-01&to=2024-08-31', '/oversight/decisions',
    '/oversight/scheme', '/oversight/custody', '/oversight/scrutiny', '/oversight/complaints',
    '/oversight/foi', '/oversight/foi/disclosure-log', '/neighbourhood/demand?series=999+calls',
    '/neighbourhood/establishment', '/neighbourhood/savings?year=2023-24',
    '/neighbourhood/budget?year=2023-24', '/neighbourhood/workforce']) {
    for (const width of [1100, 375]) {
      await page.setViewportSize({ width, height: 900 });
      const r = await page.goto(srv.base + where);
      assert.equal(r.status(), 200, `${who}: ${where}`);
      assert.ok((await page.textContent('h1')).length > 0, `${who}: ${where}`);
      if (width === 375) await noSidewaysScroll(page, `${who}: ${where}`);
      const name = where.split('?')[0].split('/').slice(-1)[0];
      await scan(page, `${who}-${name}-${width}`);
      if (shots) {
        await page.screenshot({ path: path.join(DOCS, `${name}${width === 375 ? '-375' : ''}.png`),
          fullPage: true });
      }
    }
  }
  const grants = [
    ['/commissioning', 'commissioning'],
    ['/commissioning/headroom?round=CSF-2024-25-1', 'headroom'],
    ['/commissioning/grants?month=2024-09', 'grants'],
    ['/commissioning/tracker', 'tracker'],
    ['/commissioning/csp?year=2024-25', 'csp'],
    ['/commissioning/budget?year=2022-23', 'budget'],
  ];
  for (const [where, name] of grants) {
    for (const width of [1100, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(srv.base + where);
      assert.ok((await page.textContent('h1')).length > 0, `${who}: ${where}`);
      if (width === 375) await noSidewaysScroll(page, `${who}: ${where}`);
      await scan(page, `${who}-${name}-${width}`);
      if (shots) {
        await page.screenshot({ path: path.join(DOCS, `${name}${width === 375 ? '-375' : ''}.png`),
          fullPage: true });
      }
    }
  }
}

async function contact(page, shots) {
  for (const width of [1100, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(srv.base + '/');
    await page.click('nav a:has-text("Contact")');
    await page.waitForURL('**/contact');
    assert.equal(await page.textContent('h1'), 'Contact the Commissioner');
    if (width === 375) await noSidewaysScroll(page, '/contact');
    await scan(page, `contact-${width}`);
    if (shots) {
      await page.screenshot({ path: path.join(DOCS, width === 375 ? 'contact-375.png'
        : 'contact.png'), fullPage: true });
    }
  }
  // a message with a problem keeps what was typed and names the field
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.fill('#name', 'A Resident');
  await page.fill('#message', 'Speeding on the high street every evening.');
  await page.click('button:has-text("Send")');
  assert.match(await page.textContent('.error-summary'), /email/i);
  assert.equal(await page.inputValue('#message'), 'Speeding on the high street every evening.');
  await scan(page, 'contact-error');
  await page.fill('#email', 'resident@example.org');
  await page.selectOption('#kind', { index: 1 });
  await page.fill('#subject', 'Speeding');
  await page.click('button:has-text("Send")');
  await page.waitForSelector('#contact-sent');
  const ref = (await page.textContent('#contact-ref')).trim();
  const token = (await page.textContent('#contact-token')).trim();
  assert.match(ref, /^C-\d{4}-\d{4}$/);
  await scan(page, 'contact-sent');
  if (shots) await page.screenshot({ path: path.join(DOCS, 'contact-sent.png'), fullPage: true });
  await page.goto(srv.base + '/contact/status');
  await page.fill('#ref', ref);
  await page.fill('#token', token);
  await page.click('button:has-text("Show the status")');
  await page.waitForSelector('#contact-state');
  assert.equal((await page.textContent('#contact-state')).trim(), 'Received');
  await scan(page, 'contact-status');
}

await finish(async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await engagement(page, 'public', false);
  await contact(page, !!DOCS);
  for (const [who, name] of [['panel', 'panel1'], ['staff', 'staff1']]) {
    const c = await browser.newContext();
    const p = await c.newPage();
    await signIn(p, srv.base, name);
    await engagement(p, who, who === 'staff' && !!DOCS);
    await c.close();
  }
});
