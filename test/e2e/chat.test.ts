/**
 * The Socket.IO chat example in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core): the page,
 * the browser helper, socket.io, the bridge, the Node client and the embedded server, end to end.
 *
 * Without Chromium this file says so on stdout and registers no tests (a skipped test is not allowed on main);
 * with REQUIRE_BROWSER=1 (CI) a missing Chromium is a failure instead.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { type RunningChat, start } from '../../examples/socketio-chat/main.js';

const CHROMIUM = '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const required = process.env.REQUIRE_BROWSER === '1';

type ChatWindow = {
  chat: {
    lobby: Promise<true | string>;
    join(room: string): Promise<true | string>;
    send(text: string): Promise<true | string>;
  };
};

/** Waits until the page's log has a line containing `text`. */
async function sees(page: Page, text: string): Promise<void> {
  await page.waitForFunction(
    (wanted) => [...document.querySelectorAll('#log li')].some((li) => li.textContent?.includes(wanted)),
    text,
    { timeout: 10_000 },
  );
}

if (!present && !required) {
  console.log(
    `e2e/chat: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install -y chromium; REQUIRE_BROWSER=1 fails instead)`,
  );
} else {
  describe('e2e: the Socket.IO chat example in real Chromium', function () {
    this.timeout(60_000);
    let app: RunningChat;
    let profile: string;
    let context: BrowserContext;

    before(async () => {
      if (!present) throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM}`);
      profile = mkdtempSync(join(tmpdir(), 'pubkit-chromium-'));
      // A fresh profile per run; playwright takes it as launchPersistentContext's directory, not as an argument.
      context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
    });
    after(async () => {
      await context?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });
    // One app per test: every server-side socket and timer a test opens is closed before the test ends.
    beforeEach(async () => {
      app = await start();
    });
    afterEach(async () => {
      for (const page of context.pages()) await page.close();
      await app.close();
    });

    async function open(user: string): Promise<Page> {
      const page = await context.newPage();
      await page.goto(`${app.url}/?user=${user}`);
      expect(await page.evaluate(() => (window as unknown as ChatWindow).chat.lobby)).to.equal(true);
      return page;
    }

    it('two pages join a room and see each other’s messages and presence', async () => {
      const alice = await open('alice');
      const bob = await open('bob');
      await sees(alice, '[lobby] bob join');
      expect(await bob.evaluate(() => (window as unknown as ChatWindow).chat.send('hello from bob'))).to.equal(true);
      await sees(alice, '[lobby] bob: hello from bob');
      await alice.fill('#text', 'hi bob');
      await alice.press('#text', 'Enter');
      await sees(bob, '[lobby] alice: hi bob');
      await bob.close();
      await sees(alice, '[lobby] bob leave');
    });

    it('a page without write permission gets an error when it publishes', async () => {
      const guest = await open('guest');
      expect(await guest.evaluate(() => (window as unknown as ChatWindow).chat.send('may I?'))).to.equal('FORBIDDEN');
      await sees(guest, 'cannot send: FORBIDDEN');
    });

    it('a page cannot join a channel authorize refuses', async () => {
      const alice = await open('alice');
      expect(await alice.evaluate(() => (window as unknown as ChatWindow).chat.join('staff'))).to.equal('FORBIDDEN');
      await sees(alice, 'cannot join staff: FORBIDDEN');
      const admin = await open('admin');
      expect(await admin.evaluate(() => (window as unknown as ChatWindow).chat.join('staff'))).to.equal(true);
    });
  });
}
