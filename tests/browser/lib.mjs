// lib.mjs - what every browser test of peel shares.
//
// A fresh database in a temporary folder, the real `peel serve` on loopback,
// Debian's Chromium driven by playwright-core, and an axe-core scan (WCAG 2.2
// A/AA) of each page with a screenshot into $PEEL_ARTEFACTS.  A test file
// calls setup(), works with the returned object, and ends with finish().
// Exit status of a test file: 0 pass, 1 fail, 77 skipped (no Chromium, or
// PostgreSQL asked for and not installed).
//
// PEEL_TEST_BACKEND=pg runs the same test on PostgreSQL: a throwaway server
// in the test's folder, started by tests/support/pg-server (as the
// unprivileged user peeltest when run as root, unix socket only), stopped by
// finish().  Everything else is the same, so every browser test runs on both
// backends (tests/CMakeLists.txt registers browser_NAME and browser_pg_NAME).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const PEEL = process.env.PEEL_BIN || 'peel';
export const CHROMIUM = process.env.PEEL_CHROMIUM || '/usr/bin/chromium';
export const OUT = process.env.PEEL_ARTEFACTS || path.join(os.tmpdir(), 'peel-browser-artefacts');
export const PASSWORD = 'correct horse battery staple';
export const DATA = path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'data');
export const BACKEND = process.env.PEEL_TEST_BACKEND === 'pg' ? 'pg' : 'sqlite';
const PG_SERVER = process.env.PEEL_PG_SERVER ||
  path.join(path.dirname(new URL(import.meta.url).pathname), '..', 'support', 'pg-server');

// Starts the throwaway PostgreSQL server in a folder of its own (pg-server
// gives it to the server's user) and returns { dir, uri }; exits 77
// (skipped) when PostgreSQL's server is not installed.
function pgStart() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-pg-'));
  const p = spawnSync(PG_SERVER, [dir, 'peel'], { encoding: 'utf8' });
  if (p.status === 77) {
    console.log('skipped: PostgreSQL is not installed (scripts/install-deps)');
    fs.rmSync(dir, { recursive: true, force: true });
    process.exit(77);
  }
  if (p.status !== 0) throw new Error(`pg-server: ${p.stderr}`);
  return { dir, uri: p.stdout.trim() };
}

function pgStop(pg) {
  spawnSync(PG_SERVER, ['stop', pg.dir], { stdio: 'inherit' });
  fs.rmSync(pg.dir, { recursive: true, force: true });
}

// setup({ now, prefix }): skips (exit 77) without Chromium; else makes the
// database and returns { db, dir, peel, startServer, launch, scan, signIn,
// violations, finish }.
export function setup({ now = '2023-10-09T13:00:00Z', prefix = '' } = {}) {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`skipped: ${CHROMIUM} is not installed (apt-get install chromium)`);
    process.exit(77);
  }
  const { chromium } = require('playwright-core');
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const pg = BACKEND === 'pg' ? pgStart() : null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'peel-browser-'));
  const db = pg ? pg.uri : path.join(dir, 'peel.db');
  // The server is stopped however the test ends (finish() or a throw).
  if (pg) process.on('exit', () => pgStop(pg));
  const env = { ...process.env, PEEL_USER: 'tester', PEEL_NOW: now };
  fs.mkdirSync(OUT, { recursive: true });
  const violations = [];
  let srv = null;
  let browser = null;

  function peel(...args) {
    const input = args.length && typeof args[args.length - 1] === 'object' ? args.pop().input : undefined;
    const p = spawnSync(PEEL, ['--db', db, ...args], { env, input, encoding: 'utf8' });
    if (p.status !== 0) throw new Error(`peel ${args.join(' ')}: ${p.stderr}`);
    return p.stdout;
  }

  function startServer(extra = []) {
    return new Promise((resolve, reject) => {
      const proc = spawn(PEEL, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2', ...extra],
        { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let log = '';
      proc.stderr.on('data', (d) => { log += d; });
      proc.stdout.once('data', (d) => {
        const m = /127\.0\.0\.1:(\d+)/.exec(String(d));
        if (!m) reject(new Error('no port: ' + d + log));
        else {
          srv = { proc, base: `http://127.0.0.1:${m[1]}`, log: () => log };
          resolve(srv);
        }
      });
      proc.on('exit', (code) => reject(new Error(`peel serve exited ${code}: ${log}`)));
    });
  }

  async function launch() {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
        '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
    return browser;
  }

  // Screenshot (full page) and axe scan; violations are gathered for finish().
  async function scan(page, name) {
    // Chromium now and then answers "Unable to capture screenshot" for a
    // long page while another browser is busy (seen once in CI): try again.
    const file = path.join(OUT, `${prefix}${name}.png`);
    try {
      await page.screenshot({ path: file, fullPage: true });
    } catch (e) {
      await new Promise((r) => setTimeout(r, 500));
      await page.screenshot({ path: file, fullPage: true });
    }
    await page.evaluate(axeSource);
    const res = await page.evaluate(() => globalThis.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
    }));
    for (const v of res.violations) {
      violations.push(`${prefix}${name}: ${v.id} (${v.impact}): ${v.help}\n    ` +
        v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    '));
    }
    console.log(`scanned ${prefix}${name}: ${res.violations.length} violations, ${res.passes.length} passes`);
  }

  async function signIn(page, base, name) {
    await page.goto(base + '/signin');
    await page.fill('#name', name);
    await page.fill('#password', PASSWORD);
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector(`text=Signed in as ${name}`);
  }

  // Runs body(); reports accessibility violations; stops the browser and the
  // server; removes the folder; exits 0 or 1.
  async function finish(body) {
    let failed = false;
    try {
      await body();
      if (violations.length) {
        failed = true;
        console.error('accessibility violations:\n' + violations.join('\n'));
      }
      console.log(`screenshots in ${OUT}`);
    } catch (e) {
      failed = true;
      console.error(e);
    } finally {
      if (browser) await browser.close();
      if (srv) {
        srv.proc.removeAllListeners('exit');
        srv.proc.kill('SIGTERM');
        await new Promise((r) => srv.proc.on('exit', r));
      }
      fs.rmSync(dir, { recursive: true, force: true });
    }
    process.exit(failed ? 1 : 0);
  }

  return { db, dir, env, peel, startServer, launch, scan, signIn, violations, finish };
}
