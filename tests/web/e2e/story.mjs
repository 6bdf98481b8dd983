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
  const list = host.cliJson(['invitations', 'list']);
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

export const steps = [
  // ---------------- public pages ----------------
  {
    id: 'invite-scanner',
    name: 'a scanner that GETs an invitation (plain fetch and a full page load with scripts) leaves it usable',
    async run({ host, newPage, state, a11y, shot }) {
      host.cli(['invite', 'grace@navy.example', '--role', 'User', '--team', 'Sales', '--office', 'London']);
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
      const inv = host.cliJson(['invitations', 'list']).items.find((i) => i.email === 'rev@acme.example');
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
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      await expectText(page, 'Katherine Johnson', 'after activating');
      await a11y(page, 'activated with a 29-digit key');
      await signedInAs(host, 'kj@acme.example', GOOD_PASSWORD);
      const again = await page.goto(`${host.base}/register/${user.digits}`);
      await page.fill('input[name=password]', GOOD_PASSWORD);
      await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
      assert.ok(again.status() === 200);
      assert.ok((await page.locator('[role=alert]').count()) > 0, 'a used key is refused with a sentence');
      await page.context().close();
    },
  },
  {
    id: 'join',
    name: 'a self-registration link is redeemed on /join, domains checked, then confirmed',
    async run({ host, newPage, a11y, shot }) {
      const link = host.cliJson(['links', 'create', '--label', 'Website', '--team', 'Sales']);
      const page = await newPage(DESKTOP);
      await page.goto(link.url);
      await everyFieldLabelled(page, '/join');
      await a11y(page, '/join');
      await shot(page, 'join-desktop');
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
];
