// web.test.mjs - browser tests of peel's web application.
//
// Starts the real `peel serve` on a fresh database, drives Debian's Chromium
// headless with playwright-core: sign in, create a record (failing validation
// once), edit it, see it listed, sign out; then the register's tracker,
// calendar and CGB report on the demo data.  Every kind of page is scanned
// with axe-core for WCAG 2.2 A/AA violations, and screenshotted into
// $PEEL_ARTEFACTS (the build folder) as test artefacts (tests/browser/lib.mjs).
import assert from 'node:assert/strict';
import path from 'node:path';
import { setup, PASSWORD, DATA } from './lib.mjs';

const { peel, startServer, launch, scan, finish } = setup();

peel('init');
peel('user', 'add', 'staff1', '--role', 'staff', { input: PASSWORD + '\n' });
peel('user', 'add', 'admin1', '--role', 'admin', { input: PASSWORD + '\n' });
peel('add', 'person', 'name=Rupert Matthews', 'role=Police and Crime Commissioner');
const srv = await startServer();
const browser = await launch();
await finish(async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) consoleErrors.push(m.text());
  });

  await page.goto(srv.base + '/');
  await scan(page, '01-public-home');
  await page.click('text=Sign in');
  await page.waitForURL('**/signin');
  await scan(page, '02-signin');
  await page.fill('#name', 'staff1');
  await page.fill('#password', 'not the password');
  await page.click('button:has-text("Sign in")');
  assert.match(await page.textContent('.error-summary'), /not right/);
  await scan(page, '03-signin-error');
  await page.fill('#name', 'staff1');
  await page.fill('#password', PASSWORD);
  await page.click('button:has-text("Sign in")');
  await page.waitForSelector('text=Signed in as staff1');
  await scan(page, '04-staff-home');

  // Create, failing validation once.
  await page.goto(srv.base + '/records/person');
  await scan(page, '05-list');
  // The title's column sorts by the title field (the summary has no Name column).
  await page.click('th a:has-text("Person")');
  assert.equal(await page.getAttribute('th[aria-sort]', 'aria-sort'), 'ascending');
  await scan(page, '05b-list-sorted');
  await page.click('text=Add a person');
  await scan(page, '06-new-form');
  await page.fill('#f-role', 'Chief Constable');
  await page.click('button:has-text("Save")');
  assert.match(await page.textContent('.error-summary'), /Name: is required/);
  assert.equal(await page.inputValue('#f-role'), 'Chief Constable', 'typed value kept');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'error-summary',
    'the error summary takes focus');
  await scan(page, '07-form-errors');
  await page.fill('#f-name', 'Rob Nixon');
  await page.click('button:has-text("Save")');
  await page.waitForSelector('text=The record was saved');
  await scan(page, '08-record');

  // Edit.
  await page.click('text=Edit');
  await page.fill('#f-organisation', 'Leicestershire Police');
  await page.click('button:has-text("Save")');
  await page.waitForSelector('text=The record was saved');
  assert.match(await page.textContent('main'), /Leicestershire Police/);

  // See it listed, filtered and sorted.
  await page.goto(srv.base + '/records/person');
  await page.click('summary:has-text("Filter")');
  await page.fill('#filter-organisation', 'leicestershire');
  await page.click('button:has-text("Apply filters")');
  assert.match(await page.textContent('main'), /Rob Nixon/);
  assert.doesNotMatch(await page.textContent('main'), /Rupert Matthews/);
  await scan(page, '09-list-filtered');

  await page.goto(srv.base + '/records/person/upload');
  await scan(page, '10-upload');
  await page.goto(srv.base + '/records/person/1/delete');
  await scan(page, '11-delete-confirm');
  await page.goto(srv.base + '/records/nothing-here');
  await scan(page, '12-not-found');

  // The register's pages (src/web/pages_register.c), on the demo data
  // (loaded now, beside the records made above).
  peel('demo');
  await page.goto(srv.base + '/register/actions');
  // The papers give none of the demo's open actions a due date: none is overdue.
  assert.match(await page.textContent('#counts'), /^15 actions, 6 open, 0 overdue/);
  await scan(page, '13-action-tracker');
  await page.selectOption('#filter-show', 'open');
  await page.click('button:has-text("Apply filters")');
  assert.match(await page.textContent('#counts'), /^6 actions, 6 open, 0 overdue/);
  await scan(page, '14-action-tracker-open');
  await page.goto(srv.base + '/register/calendar?year=2024');
  await scan(page, '15-calendar');
  await page.goto(srv.base + '/register/reports/cgb?from=2023-04-01&to=2023-07-31');
  assert.match(await page.textContent('main'), /OFFICIAL-SENSITIVE/);
  await scan(page, '16-cgb-report-internal');
  await page.goto(srv.base + '/register/actions?by=owner');
  await scan(page, '16a-action-tracker-by-owner');

  // Sign out.
  await page.goto(srv.base + '/');
  await page.click('button:has-text("Sign out")');
  await page.waitForSelector('text=Sign in');
  assert.equal(await page.locator('text=Signed in as').count(), 0);

  // The pages work without JavaScript too.
  const nojs = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await nojs.newPage();
  await p2.goto(srv.base + '/signin');
  await p2.fill('#name', 'staff1');
  await p2.fill('#password', PASSWORD);
  await p2.click('button:has-text("Sign in")');
  await p2.waitForSelector('text=Signed in as staff1');
  await nojs.close();

  // The admin's account pages (src/web/pages_admin.c): the list, an account,
  // a password form that fails once.
  const adm = await browser.newContext();
  const p4 = await adm.newPage();
  await p4.goto(srv.base + '/signin');
  await p4.fill('#name', 'admin1');
  await p4.fill('#password', PASSWORD);
  await p4.click('button:has-text("Sign in")');
  await p4.waitForSelector('text=Signed in as admin1');
  await p4.goto(srv.base + '/admin/users');
  await scan(p4, '24-admin-accounts');
  await p4.click('a:has-text("staff1")');
  await scan(p4, '25-admin-account');
  await p4.click('a:has-text("Set a new password")');
  await p4.fill('#password', 'short');
  await p4.fill('#confirm', 'different');
  await p4.click('button:has-text("Set password")');
  await p4.waitForSelector('.error-summary');
  await scan(p4, '26-admin-password-error');
  await adm.close();

  // The public's versions of the calendar and the CGB report.
  const pub = await browser.newContext();
  const p3 = await pub.newPage();
  await p3.goto(srv.base + '/register/reports/cgb?from=2023-04-01&to=2023-07-31');
  assert.doesNotMatch(await p3.content(), /OFFICIAL-SENSITIVE/);
  await scan(p3, '17-cgb-report-public');
  await p3.goto(srv.base + '/register/calendar?year=2023');
  await scan(p3, '18-calendar-public');
  await p3.goto(srv.base + '/register/work-programme');
  await scan(p3, '19-work-programme-public');
  await p3.goto(srv.base + '/register/recommendations?as_of=2023-10-09');
  await scan(p3, '20-recommendations-public');
  await p3.goto(srv.base + '/register/hmicfrs?year=2022-23');
  assert.match(await p3.textContent('main'), /peel cannot compute this figure/);
  await scan(p3, '21-hmicfrs-public');

  // The crime pages (src/web/pages_crime.c) on the committed police.uk sample:
  // the district list and a performance pack, served with its own CSP.
  const data = DATA;
  peel('area', 'import', path.join(data, 'crime', 'ons-lookup-sample.csv'));
  peel('crime', 'import', '--quiet', path.join(data, 'police-uk-sample'));
  await p3.goto(srv.base + '/crime');
  await scan(p3, '22-crime-districts-public');
  await p3.click('a:has-text("Blaby")');
  assert.match(await p3.textContent('h1'), /Crime performance pack: Blaby/);
  await scan(p3, '23-crime-pack-public');
  await pub.close();

  assert.deepEqual(consoleErrors, [], 'no script errors or CSP reports');
});
