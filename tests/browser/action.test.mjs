// action.test.mjs - an officer marks an action complete with evidence.
//
// On the demo database with "today" fixed at 9 October 2023: an OPCC officer
// signs in, opens an open action from the tracker, sees its state by the
// title, presses "Mark complete", first forgets the evidence (the error is
// beside the field and what was typed stays), then gives it with a UK date,
// and sees the action completed on its page, in its history, in the list of
// actions and in the tracker.  A Panel member then sees the state and the
// history but no button.  Each page is scanned with axe-core.
import assert from 'node:assert/strict';
import { setup, PASSWORD } from './lib.mjs';

const { peel, startServer, launch, scan, signIn, finish } = setup({ prefix: 'action-' });

peel('init');
peel('demo');
peel('user', 'add', 'officer1', '--role', 'staff', { input: PASSWORD + '\n' });
peel('user', 'add', 'member1', '--role', 'panel', { input: PASSWORD + '\n' });
const srv = await startServer();
const browser = await launch();
await finish(async () => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  await signIn(page, srv.base, 'officer1');

  // The tracker lists CGB-2023-07-01 as open; its list page links the action.
  await page.goto(srv.base + '/register/actions');
  const row = page.locator('tr', { hasText: 'CGB-2023-07-01' });
  assert.match(await row.textContent(), /Open/);
  await page.goto(srv.base + '/records/action?ref=CGB-2023-07-01');
  await page.click('td a');
  await page.waitForSelector('#state');
  assert.match(await page.textContent('#state'), /State: Open/);
  await scan(page, '01-open-action');

  await page.click('a.button:has-text("Mark complete")');
  await page.waitForSelector('h1:has-text("Mark complete")');
  await scan(page, '02-form');
  await page.fill('#f-date', '02/10/2023');
  await page.fill('#f-note', 'Paper circulated to the board');
  await page.click('button:has-text("Mark complete")');
  assert.match(await page.textContent('.error-summary'), /Evidence: is required to mark complete/);
  assert.match(await page.textContent('#f-evidence-error'), /is required/);
  assert.equal(await page.inputValue('#f-date'), '02/10/2023', 'typed date kept');
  assert.equal(await page.inputValue('#f-note'), 'Paper circulated to the board', 'note kept');
  await scan(page, '03-form-errors');

  await page.fill('#f-evidence', 'Briefing paper of 2 October 2023 sent to the Chair');
  await page.click('button:has-text("Mark complete")');
  await page.waitForSelector('text=The record was saved.');
  assert.match(await page.textContent('#state'), /State: Completed since 2 October 2023/);
  const history = await page.textContent('table:below(#state-history)');
  assert.match(history, /Briefing paper of 2 October 2023 sent to the Chair/);
  assert.match(history, /Open/);
  assert.equal(await page.locator('a.button:has-text("Mark complete")').count(), 0);
  assert.equal(await page.locator('a.button:has-text("Reopen")').count(), 1);
  await scan(page, '04-completed-action');

  await page.goto(srv.base + '/records/action?ref=CGB-2023-07-01');
  assert.match(await page.textContent('tbody tr'), /Completed/);
  await page.goto(srv.base + '/register/actions');
  assert.match(await page.locator('tr', { hasText: 'CGB-2023-07-01' }).textContent(), /Completed/);
  assert.match(await page.textContent('#counts'), /^15 actions, 5 open, 0 overdue/);
  await scan(page, '05-tracker');

  // A Panel member sees the state and history, and no button.
  const panel = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const p2 = await panel.newPage();
  await signIn(p2, srv.base, 'member1');
  const url = page.url();
  await p2.goto(srv.base + '/records/action?ref=CGB-2023-07-01');
  await p2.click('td a');
  await p2.waitForSelector('#state');
  assert.match(await p2.textContent('#state'), /Completed/);
  assert.equal(await p2.locator('a[href*="/transition"]').count(), 0);
  assert.match(await p2.textContent('main'), /Briefing paper of 2 October 2023/);
  await scan(p2, '06-panel-view');
  assert.ok(url);
});
