// search.test.mjs - a paper attached in the browser is found by a word
// inside its PDF and opened, by a member of the public.
//
// On the demo data (the Panel's real 2023 papers), an OPCC officer attaches
// the agenda of the Panel's meeting of 9 October 2023 (tests/data/papers/:
// an excerpt of seed 002, README.md there) to that meeting's page; signed
// out, a resident types a councillor's name that appears only in the agenda
// into the search box every page carries, sees the paper with the word
// marked, and opens it.  Pages are scanned with axe-core at desktop width
// and at 375 px.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, PASSWORD, DATA } from './lib.mjs';

const { peel, startServer, launch, scan, signIn, finish } = setup({ prefix: 'search-' });
const AGENDA = path.join(DATA, 'papers', 'pcp-2023-10-09-agenda.pdf');

peel('init');
peel('demo');
peel('user', 'add', 'staff1', '--role', 'staff', { input: PASSWORD + '\n' });
const meeting = JSON.parse(peel('show', 'meeting', 'PCP 2023-10-09', '--format', 'json'));
const srv = await startServer();
const browser = await launch();
await finish(async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();

  // The officer attaches the agenda.
  await signIn(page, srv.base, 'staff1');
  await page.goto(`${srv.base}/records/meeting/${meeting.id}`);
  await page.click('#attachments summary:has-text("Attach a paper")');
  await page.fill('#attach-title', 'Agenda');
  await page.selectOption('#attach-kind', 'agenda');
  await page.fill('#attach-date', '02/10/2023');
  await page.setInputFiles('#attach-file', AGENDA);
  await page.click('button:has-text("Attach")');
  await page.waitForSelector('text=The paper was attached.');
  assert.ok(await page.isVisible('#attachments a:has-text("Agenda")'));
  await scan(page, '01-meeting-with-paper');
  await page.click('button:has-text("Sign out")');

  // A resident searches from the header for a word only inside the PDF.
  const pub = await context.newPage();
  await context.clearCookies();
  await pub.goto(srv.base + '/');
  await pub.fill('#site-search', 'Woodiwiss');
  await pub.press('#site-search', 'Enter');
  await pub.waitForURL('**/search?q=Woodiwiss');
  assert.match(await pub.textContent('h2#results'), /^1 result$/);
  assert.equal(await pub.textContent('.search-results mark'), 'Woodiwiss');
  await scan(pub, '02-results');

  // And opens the paper: the same bytes, as a PDF file.
  const [download] = await Promise.all([
    pub.waitForEvent('download'),
    pub.click('.search-results h3 a'),
  ]);
  assert.equal(download.suggestedFilename(), 'pcp-2023-10-09-agenda.pdf');
  const got = fs.readFileSync(await download.path());
  assert.ok(got.equals(fs.readFileSync(AGENDA)), 'the paper opened is the one attached');

  // A word in nothing finds nothing, and says so; a phone's width.
  await pub.setViewportSize({ width: 375, height: 800 });
  await pub.goto(srv.base + '/search?q=Zzyzxqv');
  assert.match(await pub.textContent('h2#results'), /^0 results$/);
  await scan(pub, '03-no-results-375');
  await pub.goto(`${srv.base}/records/meeting/${meeting.id}`);
  assert.ok(!(await pub.isVisible('#attach-file')), 'the public get no upload form');
  await scan(pub, '04-public-meeting-375');
});
