// front.test.mjs - the three front doors in Chromium, on the demo database
// with the police.uk sample imported and "today" 9 October 2023 (the
// Panel meets that day):
//
//   - a resident finds the next Panel meeting from the home page, opens it
//     and opens one of its papers;
//   - a Panel member signs in and sees a paper shared with the Panel before
//     publication, and opens it; the public never sees it;
//   - on a 375 px wide screen the content comes before the navigation, and
//     the header's Menu link reaches it;
//   - axe-core (WCAG 2.2 A/AA) on each front door at desktop width and at
//     375 px.  With PEEL_DOCS_SCREENSHOTS=DIR the screenshots of the front
//     doors are also written there (docs/screenshots: home-public.png,
//     home-panel.png, home-staff.png and their -375 variants).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, PASSWORD, DATA } from './lib.mjs';

const { peel, startServer, launch, scan, signIn, finish } = setup({ prefix: 'front-' });
const DOCS = process.env.PEEL_DOCS_SCREENSHOTS || '';
const FOR_PANEL = 'Briefing for the Panel before publication';

peel('init');
peel('demo');
peel('--quiet', 'area', 'import', path.join(DATA, 'crime', 'ons-lookup-sample.csv'));
peel('--quiet', 'crime', 'import', path.join(DATA, 'police-uk-sample'));
peel('user', 'add', 'staff1', '--role', 'staff', { input: PASSWORD + '\n' });
peel('user', 'add', 'panel1', '--role', 'panel', { input: PASSWORD + '\n' });
peel('add', 'item', 'ref=PCP 2023-10-09 90', 'meeting=PCP 2023-10-09', 'number=16',
  `title=${FOR_PANEL}`, 'classification=OFFICIAL', 'publish=no', 'for_panel=yes');

const srv = await startServer();
const browser = await launch();

async function shot(page, name) {
  await scan(page, name);
  if (DOCS) {
    fs.mkdirSync(DOCS, { recursive: true });
    await page.screenshot({ path: path.join(DOCS, `${name}.png`), fullPage: true });
  }
}

// The front door of one reader at desktop width and at 375 px.
async function doors(who, signin) {
  for (const [width, suffix] of [[1100, ''], [375, '-375']]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    if (signin) await signIn(page, srv.base, signin);
    await page.goto(srv.base + '/');
    if (width === 375) {
      // content first: the page's heading is above the navigation
      const main = await page.locator('main h1').boundingBox();
      const nav = await page.locator('#nav').boundingBox();
      assert.ok(main.y < nav.y, `${who}: the content comes before the navigation at 375 px`);
      assert.ok(await page.locator('a.menu-link').isVisible(), `${who}: a Menu link at 375 px`);
    } else {
      assert.ok(!(await page.locator('a.menu-link').isVisible()), `${who}: no Menu link on a desktop`);
    }
    await shot(page, `home-${who}${suffix}`);
    await context.close();
  }
}

await finish(async () => {
  // A resident finds the next Panel meeting and opens it, then a paper.
  {
    const context = await browser.newContext({ viewport: { width: 375, height: 800 } });
    const page = await context.newPage();
    await page.goto(srv.base + '/');
    const meetings = page.locator('section[aria-labelledby="h-meetings"]');
    const first = meetings.locator('h3 a').first();
    assert.match(await first.textContent(), /Police and Crime Panel/);
    assert.match(await meetings.textContent(), /Monday 9 October 2023/);
    assert.ok(!(await page.content()).includes(FOR_PANEL), 'the public does not see the Panel paper');
    await first.click();
    await page.waitForURL(/\/records\/meeting\/\d+$/);
    assert.match(await page.textContent('main'), /PCP 2023-10-09/);
    await page.goto(srv.base + '/');
    await meetings.locator('ul.papers a', { hasText: 'Apologies for absence' }).first().click();
    await page.waitForURL(/\/records\/item\/\d+$/);
    assert.match(await page.textContent('main h1'), /Apologies for absence/);
    // the header's Menu link reaches the navigation
    await page.click('a.menu-link');
    await page.waitForURL(/#nav$/);
    await context.close();
  }

  // A Panel member signs in and sees their meeting's paper before publication.
  {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    const page = await context.newPage();
    await signIn(page, srv.base, 'panel1');
    await page.goto(srv.base + '/');
    const next = page.locator('section[aria-labelledby="h-next"]');
    assert.match(await next.textContent(), /Police and Crime Panel: Ordinary meeting/);
    const paper = next.locator('li', { hasText: FOR_PANEL });
    assert.match(await paper.textContent(), /For the Panel: not yet published/);
    await paper.locator('a').click();
    await page.waitForURL(/\/records\/item\/\d+$/);
    assert.match(await page.textContent('main h1'), new RegExp(FOR_PANEL));
    await context.close();
  }

  await doors('public', null);
  await doors('panel', 'panel1');
  await doors('staff', 'staff1');
});
