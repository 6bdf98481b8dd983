// The harness of the browser tests: a temporary database with a demo
// organization (made by the CLI, as a product team's setup script would),
// onboard-web serving it on a free loopback port, Debian's Chromium driven by
// playwright-core, axe-core injected into pages, and the mail the host would
// send read from the outbox through the CLI.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const ADMIN = {
  email: 'ada@acme.example',
  name: 'Ada Lovelace',
  password: 'correct horse battery staple orbit',
};
export const GOOD_PASSWORD = 'violet tangerine kayak membrane 42';
export const CHROMIUM = process.env.ONBOARD_CHROMIUM || '/usr/bin/chromium';
// The flags that let Chromium start here: no sandbox (root), no GPU, and no
// background connections (the machine's network is closed).
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// playwright-core, or null with the reason (the npm packages are missing).
export async function loadPlaywright() {
  try {
    return { playwright: await import('playwright-core') };
  } catch (e) {
    return { reason: `playwright-core is not installed (run \`make setup\`, which runs npm ci in tests/web/e2e): ${e.message}` };
  }
}

export function axeSource() {
  return fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
}

// Starts Chromium headless, or returns the reason it cannot start. Playwright
// gives every launch a fresh, empty user-data-dir of its own.
export async function launchChromium(playwright) {
  if (!fs.existsSync(CHROMIUM)) return { reason: `${CHROMIUM} does not exist (Debian package chromium)` };
  try {
    const browser = await playwright.chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      timeout: 30000,
    });
    return { browser };
  } catch (e) {
    return { reason: `Chromium (${CHROMIUM}) could not start headless: ${e.message.split('\n')[0]}` };
  }
}

// A temporary directory with a database holding the demo organization, and
// onboard-web serving it.
export class Host {
  constructor({ onboard, web, dir }) {
    this.onboard = path.resolve(onboard);
    this.web = path.resolve(web);
    this.dir = dir || fs.mkdtempSync(path.join(os.tmpdir(), 'onboard-web-e2e-'));
    this.db = path.join(this.dir, 'acme.db');
    this.mailbox = [];
    this.log = '';
  }

  cli(args, input) {
    return execFileSync(this.onboard, ['--db', this.db, ...args], {
      input: input === undefined ? '' : input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'UTC' },
    });
  }

  cliJson(args, input) {
    return JSON.parse(this.cli(['--json', ...args], input));
  }

  async init() {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    this.cli(
      [
        'init', '--org', 'Acme', '--admin-email', ADMIN.email, '--admin-name', ADMIN.name,
        '--offices', 'HQ,London', '--teams', 'Sales,Support', '--seats', '50',
        '--base-url', this.base, '--time-zone', 'Europe/London', '--password-stdin',
      ],
      ADMIN.password + '\n',
    );
  }

  async start() {
    // --import-max-rows: the story's large import is above the organization's 500-row limit.
    this.proc = spawn(this.web, ['--db', this.db, '--listen', `127.0.0.1:${this.port}`, '--import-max-rows', '100000'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TZ: 'UTC' },
    });
    const keep = (d) => {
      this.log += d.toString();
      if (this.log.length > 200000) this.log = this.log.slice(-100000);
    };
    this.proc.stdout.on('data', keep);
    this.proc.stderr.on('data', keep);
    let exited = null;
    this.proc.on('exit', (code) => { exited = code; });
    const deadline = Date.now() + 20000;
    while (Date.now() < deadline) {
      if (exited !== null) throw new Error(`onboard-web exited with ${exited}:\n${this.log}`);
      try {
        const r = await fetch(`${this.base}/signin`);
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`onboard-web did not answer on ${this.base} within 20 s:\n${this.log}`);
  }

  async stop() {
    if (this.proc && this.proc.exitCode === null) {
      const done = new Promise((r) => this.proc.on('exit', r));
      this.proc.kill('SIGTERM');
      const t = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await done;
      clearTimeout(t);
    }
  }

  cleanup() {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  // Claims (and acknowledges) what the outbox holds, as a mail sender would,
  // into this.mailbox.
  readMail() {
    const batch = this.cliJson(['outbox', 'claim', '--limit', '1000']);
    const ids = [];
    for (const m of batch.items || []) {
      this.mailbox.push(m);
      ids.push(m.id);
    }
    if (ids.length) this.cli(['outbox', 'ack', ...ids]);
  }

  // The newest link of `kind` ("invite", "confirm", "set-password", ...)
  // mailed to `email`.
  mailedLink(email, route) {
    this.readMail();
    const re = new RegExp(`https?://[^\\s"<>]*/${route}/[A-Za-z0-9._-]+`, 'g');
    let link = null;
    for (const m of this.mailbox) {
      if (m.recipient.toLowerCase() !== email.toLowerCase()) continue;
      const found = (m.body || '').match(re);
      if (found) link = found[found.length - 1];
    }
    if (!link) throw new Error(`no /${route}/ link was mailed to ${email}`);
    return link;
  }
}

// Runs axe-core in the page; throws listing every serious or critical violation.
export async function checkA11y(page, source, what) {
  // Evaluated through the DevTools protocol, which the page's CSP does not govern.
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(source);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) {
    const text = bad
      .map((v) => `  [${v.impact}] ${v.id}: ${v.help}\n${v.nodes.map((n) => `      ${n}`).join('\n')}`)
      .join('\n');
    throw new Error(`axe-core found ${bad.length} serious or critical violation(s) on ${what} (${page.url()}):\n${text}`);
  }
  return result.length;
}
