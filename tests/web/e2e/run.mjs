#!/usr/bin/env node
// The web host end to end, in Debian's Chromium (headless) driven by
// playwright-core, with axe-core on every page.
//
//   node run.mjs --onboard build/onboard --web build/onboard-web [--screenshots docs/web] [--keep]
//
// Exit codes: 0 every step passed, 1 a step failed or the npm packages are
// missing (make setup installs them), 77 skipped (Chromium cannot start: the
// sentence printed says why).
import fs from 'node:fs';
import path from 'node:path';
import { Host, checkA11y, axeSource, launchChromium, loadPlaywright } from './harness.mjs';
import { steps } from './story.mjs';

const SKIP = 77;

function parseArgs(argv) {
  const o = { onboard: 'build/onboard', web: 'build/onboard-web', screenshots: null, keep: false, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--onboard') o.onboard = argv[++i];
    else if (a === '--web') o.web = argv[++i];
    else if (a === '--screenshots') o.screenshots = path.resolve(argv[++i]);
    else if (a === '--keep') o.keep = true;
    else if (a === '--only') o.only = argv[++i];
    else {
      console.error(`usage: run.mjs [--onboard PATH] [--web PATH] [--screenshots DIR] [--keep] [--only TEXT]\nunknown argument: ${a}`);
      process.exit(2);
    }
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
for (const bin of [opts.onboard, opts.web]) {
  if (!fs.existsSync(bin)) {
    console.error(`FAIL: ${bin} does not exist; build it first (cmake --build build --target onboard_cli onboard_web).`);
    process.exit(1);
  }
}

const pw = await loadPlaywright();
if (!pw.playwright) {
  // Not a skip: `make setup` installs the npm packages, so their absence is a
  // broken setup that must not pass unnoticed. Only a Chromium that cannot
  // start (below) skips.
  console.error(`FAIL: ${pw.reason}`);
  process.exit(1);
}
const launched = await launchChromium(pw.playwright);
if (!launched.browser) {
  console.log(`SKIPPED: the browser tests need Chromium, and it could not start. ${launched.reason}`);
  process.exit(SKIP);
}
const browser = launched.browser;
const host = new Host({ onboard: opts.onboard, web: opts.web });
let failures = 0;
let passed = 0;
let skipped = 0;
const failed = new Set();
try {
  await host.init();
  await host.start();
  const ctx = {
    host,
    browser,
    axe: axeSource(),
    state: {},
    screenshots: opts.screenshots,
    pagesChecked: [],
    // Every page a test opens goes through this: it records console errors
    // (a CSP refusal shows there) so that a step fails on them.
    async newPage(options = {}) {
      const context = await browser.newContext({ acceptDownloads: true, ...options });
      const page = await context.newPage();
      page.cspErrors = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) page.cspErrors.push(m.text());
      });
      page.on('pageerror', (e) => page.cspErrors.push(`script error: ${e.message}`));
      return page;
    },
    async a11y(page, what) {
      if (page.cspErrors && page.cspErrors.length) throw new Error(`the page broke its own rules on ${what}:\n  ${page.cspErrors.join('\n  ')}`);
      const minor = await checkA11y(page, ctx.axe, what);
      ctx.pagesChecked.push(`${what} (${minor} minor)`);
    },
    // Saves a screenshot when the runner was asked to (--screenshots DIR).
    async shot(page, name, { fullPage = true } = {}) {
      if (!ctx.screenshots) return;
      fs.mkdirSync(ctx.screenshots, { recursive: true });
      await page.screenshot({ path: path.join(ctx.screenshots, `${name}.png`), fullPage });
    },
  };
  // --only TEXT: the steps whose name holds TEXT, and the steps they need.
  const wanted = new Set(steps.filter((s) => !opts.only || s.name.includes(opts.only)).map((s) => s.id));
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of steps)
      if (wanted.has(s.id))
        for (const n of s.needs || [])
          if (!wanted.has(n)) {
            wanted.add(n);
            grew = true;
          }
  }
  for (const step of steps) {
    if (!wanted.has(step.id)) continue;
    const blocked = (step.needs || []).filter((n) => failed.has(n));
    if (blocked.length) {
      console.log(`not run - ${step.name} (needs: ${blocked.join(', ')})`);
      failed.add(step.id);
      skipped++;
      continue;
    }
    const t0 = Date.now();
    try {
      await step.run(ctx);
      passed++;
      console.log(`ok - ${step.name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failures++;
      failed.add(step.id);
      console.log(`not ok - ${step.name}\n  ${String(e.stack || e).split('\n').join('\n  ')}`);
    }
  }
  console.log(`\naxe-core checked ${ctx.pagesChecked.length} pages: ${ctx.pagesChecked.join('; ')}`);
} catch (e) {
  failures++;
  console.log(`not ok - setting up the host\n  ${e.stack || e}`);
} finally {
  await browser.close().catch(() => {});
  await host.stop();
  if (failures && host.log) console.log(`\n--- onboard-web's output (last 4000 characters) ---\n${host.log.slice(-4000)}`);
  if (opts.keep) console.log(`kept ${host.dir}`);
  else host.cleanup();
}
console.log(`\n${passed} passed, ${failures} failed${skipped ? `, ${skipped} not run` : ''}`);
process.exit(failures ? 1 : 0);
