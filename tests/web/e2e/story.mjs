// The story the web host must tell, step by step: what an admin and the
// people they bring in do in a browser. Each step throws on a failure; a step
// whose `needs` failed is not run.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ADMIN, GOOD_PASSWORD } from './harness.mjs';

const PHONE = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const DESKTOP = { viewport: { width: 1280, height: 800 } };

// Presses Tab until the focused element matches `selector` (at most 40 times).
async function tabTo(page, selector) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement && document.activeElement.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

async function noSideScroll(page, what) {
  const { sw, cw } = await page.evaluate(() => ({
    sw: document.documentElement.scrollWidth,
    cw: document.documentElement.clientWidth,
  }));
  assert.ok(sw <= cw + 1, `${what} scrolls sideways on a ${cw} px wide screen (content is ${sw} px wide)`);
}

async function expectText(page, text, what) {
  const body = await page.locator('main').innerText();
  const ok = text instanceof RegExp ? text.test(body) : body.includes(text);
  assert.ok(ok, `${what}: expected ${text} in the page, which says:\n${body.slice(0, 1500)}`);
}

// Every field has a label the browser associates with it.
async function everyFieldLabelled(page, what) {
  const unlabelled = await page.evaluate(() =>
    [...document.querySelectorAll('input, select, textarea')]
      .filter((e) => e.type !== 'hidden' && e.type !== 'submit' && e.type !== 'button')
      .filter((e) => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
      .map((e) => e.name || e.id || e.outerHTML.slice(0, 80)),
  );
  assert.deepEqual(unlabelled, [], `${what}: fields without a label`);
}

function invitationStatus(host, email) {
  const list = host.cliJson(['invitations', 'list', '--status', 'all']);
  const inv = list.items.find((i) => i.email === email);
  assert.ok(inv, `no invitation for ${email}`);
  return inv.status;
}

// Signs in with the keyboard alone: Tab to the fields, type, Enter.
async function keyboardSignIn(page, base, login, password) {
  await page.goto(`${base}/signin`);
  await tabTo(page, 'input[name=login]');
  await page.keyboard.type(login);
  await tabTo(page, 'input[name=password]');
  await page.keyboard.type(password);
  await Promise.all([page.waitForLoadState('load'), page.waitForURL((u) => !u.pathname.startsWith('/signin')), page.keyboard.press('Enter')]);
}

async function signedInAs(host, email, password) {
  const out = host.cli(['login', email, '--password-stdin'], password + '\n');
  assert.match(out, /Signed in as/);
}

const BAD_CSV = [
  'Full Name,Email,Role,Team',
  'Ada Byron,ada.byron@acme.example,User,Sales',
  'Bad Address,not-an-address,User,Sales',
  'Charles Babbage,charles@acme.example,Wizard,Support',
].join('\r\n') + '\r\n';
// Rows of the large import whose progress bar is watched (the host runs with --import-max-rows).
const BIG_IMPORT_ROWS = 50000;
const FIXED_CSV = BAD_CSV.replace('not-an-address', 'bad.address@acme.example').replace('Wizard', 'User');

export const steps = [
  // ---------------- the admin ----------------
  {
    id: 'admin-signin',
    name: 'the admin signs in with the keyboard alone (Tab, type, Enter)',
    async run({ host, newPage, state, a11y, shot }) {
      const phone = await newPage(PHONE);
      await phone.goto(`${host.base}/signin`);
      await noSideScroll(phone, '/signin');
      await a11y(phone, '/signin (phone)');
      await shot(phone, 'signin-phone');
      await phone.context().close();
      const page = await newPage(DESKTOP);
      await page.goto(`${host.base}/signin`);
      await everyFieldLabelled(page, '/signin');
      await a11y(page, '/signin');
      await shot(page, 'signin-desktop');
      // A wrong password first: refused in place, announced.
      await page.fill('input[name=login]', ADMIN.email);
      await page.fill('input[name=password]', 'not the password at all');
      await Promise.all([page.waitForNavigation(), page.click('main button[type=submit]')]);
      assert.ok((await page.locator('[role=alert]').count()) > 0, 'a wrong password is refused with a sentence');
      await keyboardSignIn(page, host.base, ADMIN.email, ADMIN.password);
      assert.match(new URL(page.url()).pathname, /^\/admin/);
      await a11y(page, new URL(page.url()).pathname);
      state.admin = page;
    },
  },
  {
    id: 'import',
    needs: ['admin-signin'],
    name: 'the admin imports a file with mistakes, sees them in place, drops the fixed file, commits, downloads the credentials once',
    async run({ host, state, a11y, shot }) {
      const page = state.admin;
      await page.goto(`${host.base}/admin/import`);
      await everyFieldLabelled(page, '/admin/import');
      await a11y(page, '/admin/import');
      await shot(page, 'import-desktop');
      await page.setInputFiles('input[name=file]', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(BAD_CSV) });
      await Promise.all([page.waitForURL(/\/admin\/import\/[0-9a-f]{32}$/), page.click('main form button[type=submit]')]);
      await a11y(page, 'import preview with errors');
      await shot(page, 'import-preview-desktop');
      // Every error in place: its row, its column, its sentence.
      const bad = await page.locator('tr.bad').allInnerTexts();
      assert.ok(bad.some((t) => /\b3\b/.test(t) && /mail/i.test(t)), `row 3's address is shown as a problem:\n${bad.join('\n')}`);
      assert.ok(bad.some((t) => /\b4\b/.test(t) && /role/i.test(t)), `row 4's role is shown as a problem:\n${bad.join('\n')}`);
      // The fixed file, dropped on the zone (a DataTransfer, as a drag from the desktop makes).
      await page.goto(`${host.base}/admin/import`);
      const dt = await page.evaluateHandle((csv) => {
        const d = new DataTransfer();
        d.items.add(new File([csv], 'people-fixed.csv', { type: 'text/csv' }));
        return d;
      }, FIXED_CSV);
      await page.dispatchEvent('.dropzone', 'dragover', { dataTransfer: dt });
      await page.dispatchEvent('.dropzone', 'drop', { dataTransfer: dt });
      assert.equal(await page.evaluate(() => document.querySelector('input[name=file]').files.length), 1, 'the dropped file is chosen');
      await Promise.all([page.waitForURL(/\/admin\/import\/[0-9a-f]{32}$/), page.click('main form button[type=submit]')]);
      assert.equal(await page.locator('tr.bad').count(), 0, 'the fixed file has no problem left');
      await page.check('input[name=mode][value=all]');
      await Promise.all([page.waitForURL(/\/admin\/import\/[0-9a-f]{32}/), page.click('form[action$="/commit"] button[type=submit]')]);
      // The progress bar (for a file this small it may be done already).
      await page.waitForFunction(() => /Import finished/.test(document.querySelector('h1').textContent), null, { timeout: 60000 });
      await expectText(page, /3 created/, 'the import result');
      // What the progress bar polls: finished, every row done.
      const job = new URL(page.url()).pathname.match(/\/admin\/import\/[0-9a-f]{32}/)[0];
      const progress = await (await page.request.get(`${host.base}${job}/progress`)).json();
      assert.equal(progress.done, progress.total, `the progress ends complete: ${JSON.stringify(progress)}`);
      assert.ok(progress.total >= 3, `the progress counts the rows: ${JSON.stringify(progress)}`);
      await a11y(page, 'import finished');
      await shot(page, 'import-finished-desktop');
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href$="/credentials"]')]);
      const file = path.join(os.tmpdir(), `onboard-credentials-${process.pid}.csv`);
      await download.saveAs(file);
      const credentials = fs.readFileSync(file, 'utf8');
      fs.rmSync(file);
      for (const email of ['ada.byron@acme.example', 'bad.address@acme.example', 'charles@acme.example'])
        assert.ok(credentials.includes(email), `the credentials name ${email}`);
      const href = await page.locator('a[href$="/credentials"]').getAttribute('href');
      const again = await page.request.get(new URL(href, host.base).href);
      assert.equal(again.status(), 410, 'a second download is refused');
      assert.match(await again.text(), /only once|before/);
    },
  },
  {
    id: 'admin-invite',
    needs: ['admin-signin'],
    name: 'the admin invites someone from the invitations page',
    async run({ host, state, a11y, shot }) {
      const page = state.admin;
      await page.goto(`${host.base}/admin/invitations`);
      await everyFieldLabelled(page, '/admin/invitations');
      await page.fill('input[name=email]', 'grace@navy.example');
      const role = page.locator('select[name=role]');
      if (await role.count()) await role.selectOption('User');
      const team = page.locator('select[name=team]');
      if (await team.count()) await team.selectOption('Sales');
      await Promise.all([page.waitForLoadState('load'), page.locator('main form:has(input[name=email]) button[type=submit]').click()]);
      await expectText(page, 'grace@navy.example', 'the invitations page after inviting');
      await a11y(page, '/admin/invitations');
      await shot(page, 'invitations-desktop');
      assert.equal(invitationStatus(host, 'grace@navy.example'), 'pending');
      state.invitedOnWeb = true;
    },
  },
  {
    id: 'admin-pages',
    needs: ['admin-signin'],
    name: 'every admin page passes axe-core and fits a phone',
    async run({ host, state, newPage, a11y, shot }) {
      const page = state.admin;
      for (const p of ['/admin/people', '/admin/keys', '/admin/links', '/admin/org']) {
        const r = await page.goto(`${host.base}${p}`);
        assert.equal(r.status(), 200, `${p} answers`);
        await everyFieldLabelled(page, p);
        await a11y(page, p);
        await shot(page, `${p.slice(7)}-desktop`);
      }
      // The same session on a phone.
      const cookies = await page.context().cookies();
      const phone = await newPage(PHONE);
      await phone.context().addCookies(cookies);
      for (const p of ['/admin/people', '/admin/import', '/admin/invitations']) {
        await phone.goto(`${host.base}${p}`);
        await noSideScroll(phone, p);
        await a11y(phone, `${p} (phone)`);
        await shot(phone, `${p.slice(7)}-phone`);
      }
      await phone.context().close();
    },
  },
  // ---------------- public pages ----------------
  {
    id: 'invite-scanner',
    name: 'a scanner that GETs an invitation (plain fetch and a full page load with scripts) leaves it usable',
    async run({ host, newPage, state, a11y, shot }) {
      // Invited on the admin's page; by the CLI if that step failed, so that
      // the public pages are still tested.
      if (!state.invitedOnWeb) host.cli(['invite', 'grace@navy.example', '--role', 'User', '--team', 'Sales', '--office', 'London']);
      const link = host.mailedLink('grace@navy.example', 'invite');
      state.graceLink = link;
      const r = await fetch(link, { headers: { 'User-Agent': 'MailScanner/1.0' } });
      assert.equal(r.status, 200);
      const html = await r.text();
      assert.match(html, /Ada Lovelace/, 'the page says who invited');
      const page = await newPage(DESKTOP);
      await page.goto(link, { waitUntil: 'networkidle' });
      await page.waitForTimeout(1500); // what a script-running scanner would wait for
      await expectText(page, 'Ada Lovelace', 'the invitation page');
      await expectText(page, 'Acme', 'the invitation page');
      await everyFieldLabelled(page, 'the invitation page');
      await a11y(page, 'invitation (desktop)');
      await shot(page, 'invite-desktop');
      // The page the mail names for a pasted code: it only navigates to the link.
      await page.goto(`${host.base}/invite`);
      await everyFieldLabelled(page, '/invite');
      await a11y(page, '/invite');
      await page.fill('input[name=code]', ` ${new URL(link).pathname.split('/').pop()} `);
      await Promise.all([page.waitForURL(link), page.click('main button[type=submit]')]);
      await expectText(page, 'Ada Lovelace', 'the invitation page reached from a pasted code');
      await page.context().close();
      assert.equal(invitationStatus(host, 'grace@navy.example'), 'pending', 'the invitation is still pending after the scanner');
    },
  },
  {
    id: 'invite-accept',
    needs: ['invite-scanner'],
    name: 'the invitee accepts on a 375x667 phone with the keyboard alone, then signs in',
    async run({ host, newPage, state, a11y, shot }) {
      const page = await newPage(PHONE);
      await page.goto(state.graceLink);
      await noSideScroll(page, 'the invitation page');
      await a11y(page, 'invitation (phone)');
      await shot(page, 'invite-phone');
      // A weak password first: the sentence is shown in place and nothing is used up.
      await tabTo(page, 'input[name=name]');
      await page.keyboard.type('Grace Hopper');
      await tabTo(page, 'input[name=password]');
      await page.keyboard.type('password');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await expectText(page, /password/i, 'the refusal of a weak password');
      assert.equal(await page.locator('[role=alert]').count() > 0, true, 'the refusal is announced (role=alert)');
      await a11y(page, 'invitation with an error (phone)');
      assert.equal(invitationStatus(host, 'grace@navy.example'), 'pending');
      // Then a good one, the keyboard alone.
      await page.locator('input[name=password]').fill('');
      await page.locator('input[name=password]').focus();
      await page.keyboard.type(GOOD_PASSWORD);
      await tabTo(page, 'button[type=submit]');
      await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
      await expectText(page, 'Welcome', 'the page after accepting');
      await noSideScroll(page, 'the welcome page');
      await a11y(page, 'invitation accepted (phone)');
      await shot(page, 'invite-accepted-phone');
      assert.equal(invitationStatus(host, 'grace@navy.example'), 'accepted');
      await signedInAs(host, 'grace@navy.example', GOOD_PASSWORD);
      // And on the web: the sign-in page, on the phone.
      await keyboardSignIn(page, host.base, 'grace@navy.example', GOOD_PASSWORD);
      assert.ok(!new URL(page.url()).pathname.startsWith('/signin'), 'signed in');
      await page.context().close();
    },
  },
  {
    id: 'invite-used',
    needs: ['invite-accept'],
    name: 'a used, a revoked, an expired and an unknown invitation each get a page saying what to do',
    async run({ host, newPage, state, a11y, shot }) {
      const page = await newPage(PHONE);
      let r = await page.goto(state.graceLink);
      assert.equal(r.status(), 410);
      await expectText(page, /already (been )?used/i, 'a used invitation');
      await expectText(page, /sign in/i, 'a used invitation');
      await a11y(page, 'used invitation');
      await shot(page, 'invite-used-phone');
      // A POST to a used link changes nothing and says the same.
      const post = await fetch(state.graceLink, { method: 'POST' });
      assert.notEqual(post.status, 200);

      host.cli(['invite', 'rev@acme.example', '--role', 'User']);
      const revLink = host.mailedLink('rev@acme.example', 'invite');
      const inv = host.cliJson(['invitations', 'list', '--status', 'all']).items.find((i) => i.email === 'rev@acme.example');
      host.cli(['invitations', 'revoke', inv.id]);
      r = await page.goto(revLink);
      assert.equal(r.status(), 410);
      await expectText(page, /withdrawn/i, 'a revoked invitation');
      await expectText(page, /administrator|new (one|invitation)/i, 'a revoked invitation');
      await a11y(page, 'revoked invitation');

      // Issued eight days ago: past the seven-day lifetime now.
      const past = new Date(Date.now() - 8 * 86400 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      const env = { ...process.env, ONBOARD_NOW: past };
      const { execFileSync } = await import('node:child_process');
      execFileSync(host.onboard, ['--db', host.db, 'invite', 'late@acme.example', '--role', 'User'], { env, encoding: 'utf8' });
      const lateLink = host.mailedLink('late@acme.example', 'invite');
      r = await page.goto(lateLink);
      assert.equal(r.status(), 410);
      await expectText(page, /expired/i, 'an expired invitation');
      await a11y(page, 'expired invitation');
      await shot(page, 'invite-expired-phone');

      r = await page.goto(`${host.base}/invite/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`);
      assert.ok([404, 410].includes(r.status()), `an unknown invitation answers ${r.status()}`);
      await expectText(page, /invitation/i, 'an unknown invitation');
      await a11y(page, 'unknown invitation');
      await page.context().close();
    },
  },
  {
    id: 'key10',
    name: 'a 10-digit key is redeemed on /register, the same answer for a taken address, then confirmed',
    async run({ host, newPage, state, a11y, shot }) {
      const key = host.cliJson(['keys', 'create', '--label', 'Front desk', '--team', 'Support']);
      const page = await newPage(PHONE);
      await page.goto(`${host.base}/register`);
      await noSideScroll(page, '/register');
      await everyFieldLabelled(page, '/register');
      await a11y(page, '/register');
      await shot(page, 'register-phone');
      // The address of an existing member: the answer must be the very same.
      await page.fill('input[name=key]', key.key);
      await page.fill('input[name=email]', ADMIN.email);
      await page.fill('input[name=name]', 'Someone Else');
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      const taken = (await page.locator('main').innerText()).replaceAll(ADMIN.email, 'ADDRESS');
      // A free address.
      await page.goto(`${host.base}/register`);
      await page.fill('input[name=key]', key.digits);
      await page.fill('input[name=email]', 'alan@bletchley.example');
      await page.fill('input[name=name]', 'Alan Turing');
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      const free = (await page.locator('main').innerText()).replaceAll('alan@bletchley.example', 'ADDRESS');
      assert.equal(free, taken, 'a taken address and a free one get the same page');
      await expectText(page, /inbox|check/i, 'after registering with a key');
      await a11y(page, 'registered, check your email');
      await shot(page, 'register-check-email-phone');
      // The confirmation link: GET shows a button and never confirms.
      const link = host.mailedLink('alan@bletchley.example', 'confirm');
      assert.equal((await fetch(link)).status, 200);
      await page.goto(link, { waitUntil: 'networkidle' });
      await expectText(page, 'alan@bletchley.example', 'the confirmation page');
      await everyFieldLabelled(page, 'the confirmation page');
      await a11y(page, '/confirm');
      await shot(page, 'confirm-phone');
      assert.throws(() => host.cli(['login', 'alan@bletchley.example', '--password-stdin'], GOOD_PASSWORD + '\n'), 'not yet confirmed');
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await expectText(page, /confirmed/i, 'after confirming');
      await a11y(page, 'confirmed');
      await signedInAs(host, 'alan@bletchley.example', GOOD_PASSWORD);
      // The link again: used.
      const again = await page.goto(link);
      assert.equal(again.status(), 410);
      await expectText(page, /sign in/i, 'a used confirmation link');
      await a11y(page, 'used confirmation link');
      // A wrong key: the library's sentence.
      await page.goto(`${host.base}/register`);
      await page.fill('input[name=key]', '1234567890');
      await page.fill('input[name=email]', 'x@acme.example');
      await page.fill('input[name=name]', 'X Y');
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.ok((await page.locator('[role=alert]').count()) > 0, 'a wrong key is refused in place');
      await a11y(page, '/register with an error');
      state.key10 = key;
      await page.context().close();
    },
  },
  {
    id: 'key29',
    name: 'a 29-digit key (the link of a registration document) activates a pre-created user',
    async run({ host, newPage, a11y, shot }) {
      const user = host.cliJson(['users', 'create', '--first', 'Katherine', '--last', 'Johnson', '--email', 'kj@acme.example']);
      const page = await newPage(PHONE);
      await page.goto(`${host.base}/register/${user.digits}`);
      await noSideScroll(page, '/register/KEY29');
      await everyFieldLabelled(page, '/register/KEY29');
      await a11y(page, '/register/KEY29');
      await shot(page, 'register-key29-phone');
      // The names the admin set, shown read-only; reading the page used nothing.
      assert.equal(await page.inputValue('input[name=first_name]'), 'Katherine');
      assert.equal(await page.inputValue('input[name=last_name]'), 'Johnson');
      assert.ok(await page.locator('input[name=last_name]').evaluate((e) => e.readOnly), 'the names are read-only');
      await page.reload();
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await expectText(page, 'Katherine Johnson', 'after activating');
      await a11y(page, 'activated with a 29-digit key');
      await signedInAs(host, 'kj@acme.example', GOOD_PASSWORD);
      const again = await page.goto(`${host.base}/register/${user.digits}`);
      assert.equal(again.status(), 410);
      await expectText(page, /already been used/, 'a used 29-digit key');
      await expectText(page, /sign in/i, 'a used 29-digit key');
      await a11y(page, 'used 29-digit key');
      await page.context().close();
    },
  },
  {
    id: 'join',
    name: 'a self-registration link is redeemed on /join, domains checked, then confirmed',
    async run({ host, newPage, a11y, shot }) {
      const link = host.cliJson(['links', 'create', '--label', 'Website', '--team', 'Sales', '--domains', 'acme.example']);
      const page = await newPage(DESKTOP);
      await page.goto(link.url);
      await everyFieldLabelled(page, '/join');
      await a11y(page, '/join');
      await shot(page, 'join-desktop');
      // An address at another domain: refused in place, with the domains named.
      await page.fill('input[name=email]', 'mary@elsewhere.example');
      await page.fill('input[name=name]', 'Mary Jackson');
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.match(await page.locator('[role=alert]').innerText(), /acme\.example/);
      await a11y(page, '/join with an error');
      await page.fill('input[name=email]', 'mary@acme.example');
      await page.fill('input[name=name]', 'Mary Jackson');
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await expectText(page, /inbox|check/i, 'after joining');
      const confirm = host.mailedLink('mary@acme.example', 'confirm');
      await page.goto(confirm);
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await expectText(page, /confirmed/i, 'after confirming');
      await signedInAs(host, 'mary@acme.example', GOOD_PASSWORD);
      // A disabled link gets a page that says so.
      host.cli(['links', 'disable', link.id]);
      const r = await page.goto(link.url);
      assert.equal(r.status(), 410);
      await a11y(page, 'disabled link');
      await shot(page, 'join-disabled-desktop');
      await page.context().close();
    },
  },
  {
    id: 'set-password',
    name: 'a set-password link from an import is read without being used, then sets the password once',
    async run({ host, newPage, a11y, shot }) {
      const csv = path.join(host.dir, 'notify.csv');
      fs.writeFileSync(csv, 'Full Name,Email\r\nDorothy Vaughan,dv@acme.example\r\n');
      host.cli(['import', csv, '--passwords', 'generate', '--notify']);
      const link = host.mailedLink('dv@acme.example', 'set-password');
      assert.equal((await fetch(link)).status, 200);
      const page = await newPage(PHONE);
      await page.goto(link, { waitUntil: 'networkidle' });
      await expectText(page, 'dv@acme.example', 'the set-password page');
      await everyFieldLabelled(page, '/set-password');
      await noSideScroll(page, '/set-password');
      await a11y(page, '/set-password');
      await shot(page, 'set-password-phone');
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await expectText(page, /password is set/i, 'after setting the password');
      await signedInAs(host, 'dv@acme.example', GOOD_PASSWORD);
      const again = await page.goto(link);
      assert.equal(again.status(), 410);
      await expectText(page, /sign in/i, 'a used set-password link');
      await a11y(page, 'used set-password link');
      await page.context().close();
    },
  },
  {
    id: 'new-password',
    name: 'a member with a generated password chooses their own after signing in, on a phone',
    async run({ host, newPage, a11y, shot }) {
      const csv = path.join(host.dir, 'generated.csv');
      const credentials = path.join(host.dir, 'generated-credentials.csv');
      fs.writeFileSync(csv, 'Full Name,Email\r\nMary Jackson,mj@acme.example\r\n');
      host.cli(['import', csv, '--passwords', 'generate', '--credentials-out', credentials]);
      const generated = fs.readFileSync(credentials, 'utf8').split(/\r?\n/)[1].split(',')[4].replace(/"/g, '');
      fs.rmSync(credentials);
      const page = await newPage(PHONE);
      await page.goto(`${host.base}/signin`);
      await page.fill('input[name=login]', 'mj@acme.example');
      await page.fill('input[name=password]', generated);
      await Promise.all([page.waitForLoadState('load'), page.click('main form button[type=submit]')]);
      await expectText(page, /choose your own/i, 'the sign-in of a member who must change their password');
      assert.ok(!(await page.content()).includes(generated), 'the current password is not put back into the page');
      await everyFieldLabelled(page, '/signin (new password)');
      await noSideScroll(page, '/signin (new password)');
      await a11y(page, '/signin (new password)');
      await shot(page, 'new-password-phone');
      await page.fill('input[name=current_password]', generated);
      await page.fill('input[name=new_password]', GOOD_PASSWORD);
      await page.fill('input[name=new_password_again]', GOOD_PASSWORD);
      await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/signin')), page.click('main form button[type=submit]')]);
      const cookies = await page.context().cookies();
      assert.ok(cookies.some((c) => c.name === 'onb_session'), 'signed in after choosing the password');
      await signedInAs(host, 'mj@acme.example', GOOD_PASSWORD);
      await page.context().close();
    },
  },
  {
    // Last, so that no other step sees its 50,000 people.
    id: 'import-progress',
    needs: ['admin-signin'],
    name: 'a large import shows its progress bar moving before "Import finished"',
    async run({ host, state }) {
      const page = state.admin;
      host.cli(['org', 'set', '--seats', 'unlimited']);
      const rows = ['Full Name,Email,Role,Team'];
      for (let i = 0; i < BIG_IMPORT_ROWS; ++i) rows.push(`Person ${i},person.${i}@big.example,User,Sales`);
      await page.goto(`${host.base}/admin/import`);
      await page.setInputFiles('input[name=file]', {
        name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\r\n') + '\r\n'),
      });
      await Promise.all([page.waitForURL(/\/admin\/import\/[0-9a-f]{32}$/), page.click('main form button[type=submit]')]);
      assert.equal(await page.locator('tr.bad').count(), 0, 'the generated file has no problem');
      await page.check('input[name=mode][value=all]');
      // From the moment the job page arrives until the page says the import
      // finished (the page's script goes on to the result page by itself):
      // the bar's value and max, read from here, as they change.
      await Promise.all([
        page.waitForNavigation({ waitUntil: 'commit' }),
        page.click('form[action$="/commit"] button[type=submit]'),
      ]);
      const seen = [];
      const deadline = Date.now() + 120000;
      for (;;) {
        const now = await page.evaluate(() => {
          const bar = document.querySelector('progress');
          const h1 = document.querySelector('h1');
          return { bar: bar ? `${bar.value}/${bar.max}` : null, finished: !!h1 && /Import finished/.test(h1.textContent) };
        }).catch(() => null); // the page is being replaced
        if (now && now.bar && seen[seen.length - 1] !== now.bar) seen.push(now.bar);
        if (now && now.finished) break;
        assert.ok(Date.now() < deadline, `the large import finishes within 2 minutes: ${JSON.stringify(seen)}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      const between = seen.filter((v) => { const [d, m] = v.split('/').map(Number); return d > 0 && d < m; });
      assert.ok(between.length >= 1, `the bar shows a value between 0 and its max before the end: ${JSON.stringify(seen)}`);
      // It never moves back (the library's two passes over the file share one bar).
      const values = seen.map((v) => Number(v.split('/')[0]) / Number(v.split('/')[1]));
      for (let i = 1; i < values.length; ++i) assert.ok(values[i] >= values[i - 1], `the bar moves forward: ${JSON.stringify(seen)}`);
      await expectText(page, new RegExp(`${BIG_IMPORT_ROWS} created`), 'the large import result');
    },
  },
];
