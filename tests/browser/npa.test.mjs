// npa.test.mjs - a member of staff and a resident read the neighbourhood
// policing area pages: /neighbourhood/npas before any NPA is defined (it says
// how to define them), then with two NPAs over LSOAs of the sample crime data,
// and /neighbourhood/npa/T-NPA-A with its establishment, abstraction rate,
// engagements and street crime.  At 1100 px and at 375 px wide with no
// sideways scrolling at 375 px; axe-core scans each page.
//
// Data: the test's own NPAs and records (no paper defines NPAs, so the demo
// holds none), read on 9 October 2023.
//
// PEEL_DOCS_SCREENSHOTS=docs/screenshots: also writes npa.png and npa-375.png
// (staff) and npas.png.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, PASSWORD, DATA } from './lib.mjs';

const DOCS = process.env.PEEL_DOCS_SCREENSHOTS;
const ROOT = path.join(DATA, '..', '..');

const { dir, peel, startServer, launch, scan, signIn, finish } = setup({ prefix: 'npa-' });

peel('init');
peel('import', 'area', path.join(ROOT, 'demo', 'area.csv'));
peel('area', 'import', path.join(DATA, 'crime', 'ons-lookup-sample.csv'));
peel('crime', 'import', path.join(DATA, 'police-uk-sample'));
peel('user', 'add', 'staff1', '--role', 'staff', { input: PASSWORD + '\n' });

function define() {
  const csv = path.join(dir, 'npa.csv');
  fs.writeFileSync(csv, [
    'code,name,kind,parent,npa,publish',
    'T-NPA-A,Blaby Central,npa,E07000129,,yes',
    'T-NPA-B,Blaby Fringe,npa,E07000129,,yes',
    'E01025633,Blaby 002C,lsoa,E07000129,T-NPA-A,yes',
    'E01025626,Blaby 006B,lsoa,E07000129,T-NPA-A,yes',
    'E01025627,Blaby 006C,lsoa,E07000129,T-NPA-A,yes',
    'E01025666,Blaby 004A,lsoa,E07000129,T-NPA-B,yes',
  ].join('\n') + '\n');
  peel('import', 'area', csv);
  const add = (...a) => peel('add', ...a, 'publish=yes');
  add('establishment', 'ref=T-EST-1', 'role=pcso', 'area=T-NPA-A', 'year=2023', 'allocated=12',
    'funded=12', 'actual=11');
  add('establishment', 'ref=T-EST-2', 'role=sergeant', 'area=T-NPA-A', 'year=2023', 'funded=2');
  add('deployment', 'ref=T-D1', 'name=City centre march', 'kind=protest', 'date=2023-07-15',
    'hours=200');
  add('deployment', 'ref=T-D2', 'name=Home match', 'kind=football_match', 'date=2023-08-20',
    'hours=100');
  add('deployment', 'ref=T-D3', 'name=County show', 'kind=event', 'date=2023-05-01', 'hours=50');
  add('deployment_npa', 'ref=T-D1-A', 'deployment=T-D1', 'npa=T-NPA-A', 'officers=10', 'hours=120');
  add('deployment_npa', 'ref=T-D2-A', 'deployment=T-D2', 'npa=T-NPA-A', 'officers=8', 'hours=90');
  add('deployment_npa', 'ref=T-D3-A', 'deployment=T-D3', 'npa=T-NPA-A', 'officers=3', 'hours=30');
  for (const [m, h] of [['2023-07', 600], ['2023-08', 500], ['2023-09', 430]]) {
    add('available_hours', `ref=T-A-${m}`, 'npa=T-NPA-A', `month=${m}`, `hours=${h}`);
  }
  add('available_hours', 'ref=T-B-2023-09', 'npa=T-NPA-B', 'month=2023-09', 'hours=80');
  add('engagement', 'ref=T-ENG-1', 'title=Street surgery in Blaby', 'kind=surgery',
    'date=2023-06-10', 'district=E07000129', 'npa=T-NPA-A', 'initiated_by=opcc_programme');
}

const srv = await startServer();
const browser = await launch();

async function noSidewaysScroll(page, what) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} scrolls sideways by ${overflow}px at 375 px`);
}

async function look(page, who, where, name, shot) {
  for (const width of [1100, 375]) {
    await page.setViewportSize({ width, height: 900 });
    const r = await page.goto(srv.base + where);
    assert.equal(r.status(), 200, `${who}: ${where}`);
    if (width === 375) await noSidewaysScroll(page, `${who}: ${where}`);
    await scan(page, `${who}-${name}-${width}`);
    if (DOCS && shot) {
      await page.screenshot({ path: path.join(DOCS, width === 375 ? `${shot}-375.png` : `${shot}.png`),
        fullPage: true });
    }
  }
}

await finish(async () => {
  const page = await (await browser.newContext()).newPage();
  await look(page, 'public', '/neighbourhood/npas', 'empty', null);
  assert.match(await page.textContent('#none'), /No neighbourhood policing area is defined/);
  define();
  await look(page, 'public', '/neighbourhood/npas', 'npas', null);
  await look(page, 'public', '/neighbourhood/npa/T-NPA-A', 'npa', null);

  const staff = await (await browser.newContext()).newPage();
  await signIn(staff, srv.base, 'staff1');
  await look(staff, 'staff', '/neighbourhood/npas', 'npas', DOCS ? 'npas' : null);
  await look(staff, 'staff', '/neighbourhood/npa/T-NPA-A', 'npa', 'npa');
  // 210 of 1530 hours (July to September 2023): 13.7%
  assert.equal(await staff.textContent('#rate'), '13.7%');
  assert.equal(await staff.textContent('#engagement-count'), '1');
});
