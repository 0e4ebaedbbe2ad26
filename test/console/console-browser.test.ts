// The web console in a real browser (Debian's Chromium through playwright-core), against a server
// holding 10,000 objects: sign in with a client certificate and with a token; find one object
// among them by a custom attribute; create, revoke and destroy a key, and create a key pair whose
// public key a second identity can read but not destroy (its refusal shown with the KMIP reason);
// the server page; the audit log with its chain verdict. A screenshot of each page is written to
// the test's directory (copied to KMIP_CONSOLE_SCREENSHOTS when set), and no page may log a
// console error.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { jsonToTtlv } from '../../src/notation/json.js';
import { SqliteStore } from '../../src/store/sqlite-store.js';
import { Envelope } from '../../src/store/envelope.js';
import { decodeTtlv } from '../../src/ttlv/decode.js';
import { ttlvToXml } from '../../src/notation/xml.js';
import { DEFAULT_ASSETS_DIR } from '../../src/transport/console-assets.js';
import {
  ADMIN_IDENTITY,
  TOKEN_IDENTITY,
  startConsoleServer,
  type ConsoleTestServer,
} from '../helpers/console-server.js';
import { chromiumUnavailableReason, openBrowser, type BrowserIdentity } from '../helpers/chromium.js';
import { createAesPayload, jsonItem, kmipJsonRequest } from '../helpers/console-client.js';

const OBJECTS = 10_000;
const BATCH = 500;
const NEEDLE = 'needle-bucket';
const skip = chromiumUnavailableReason();

/** One KMIP 2.1 request message creating `count` AES keys tagged x-bucket, as KMIP JSON. */
function createBatch(first: number, count: number): unknown {
  return kmipJsonRequest(
    Array.from({ length: count }, (_, k) => ({
      operation: 'Create',
      payload: createAesPayload([
        {
          tag: 'Attribute',
          value: [
            jsonItem('VendorIdentification', 'TextString', 'x'),
            jsonItem('AttributeName', 'TextString', 'bucket'),
            jsonItem('AttributeValue', 'TextString', first + k === 4321 ? NEEDLE : `hay-${(first + k) % 97}`),
          ],
        },
      ]),
    })),
  );
}

describe('the web console in Chromium', { skip }, () => {
  let dir: string;
  let s: ConsoleTestServer;
  const browsers: BrowserIdentity[] = [];
  const shots: string[] = [];

  before(async () => {
    assert.ok(
      existsSync(join(DEFAULT_ASSETS_DIR, 'console.js')),
      `the console is not built in ${DEFAULT_ASSETS_DIR}: run npm run build`,
    );
    dir = mkdtempSync(join(tmpdir(), 'kmip-console-browser-'));
    // Durability is not under test here: the prefill commits without waiting for the disk.
    const keys = [{ id: 'browser-test', key: randomBytes(32) }];
    s = await startConsoleServer({
      console: { rateSampleMs: 500 },
      prepare: (d) => ({
        masterKeys: keys,
        store: new SqliteStore({
          path: join(d, 'kmip.sqlite'),
          envelope: new Envelope(keys),
          synchronous: 'NORMAL',
        }),
      }),
    });
    const started = performance.now();
    for (let first = 0; first < OBJECTS; first += BATCH) {
      const answer = await s.t.server.engine.handleMessage(jsonToTtlv(createBatch(first, BATCH)), {
        identity: ADMIN_IDENTITY,
      });
      const xml = ttlvToXml(decodeTtlv(answer));
      assert.doesNotMatch(xml, /OperationFailed/, 'the prefill succeeds');
    }
    process.stderr.write(`# prefilled ${OBJECTS} objects in ${Math.round(performance.now() - started)} ms\n`);
  });

  after(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await s?.stop();
    const keep = process.env.KMIP_CONSOLE_SCREENSHOTS;
    if (keep !== undefined && keep !== '') {
      mkdirSync(keep, { recursive: true });
      for (const f of shots) copyFileSync(join(dir, f), join(keep, f));
    }
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function open(name: string, certificate?: { cert: string; key: string }): Promise<BrowserIdentity> {
    const b = await openBrowser(dir, name, {
      origin: s.origin,
      ...(certificate === undefined ? {} : { certificate }),
    });
    browsers.push(b);
    return b;
  }

  async function shot(page: Page, name: string): Promise<void> {
    const file = `${name}.png`;
    await page.screenshot({ path: join(dir, file), fullPage: true });
    shots.push(file);
  }

  const assertNoErrors = (b: BrowserIdentity): void => assert.deepEqual(b.errors, []);

  test('certificate sign-in; one object found among 10,000 by a custom attribute', async () => {
    const admin = await open('admin', s.t.certs.client);
    const { page } = admin;
    await page.goto(`${s.origin}/ui/`);
    await page.getByText(`${ADMIN_IDENTITY}`, { exact: true }).waitFor();
    await page.getByText('(client certificate, administrator)', { exact: false }).waitFor();
    await page.getByText(`of ${OBJECTS.toLocaleString('en')}`, { exact: false }).waitFor();
    assert.equal(await page.locator('table.objects tbody tr').count(), 25);
    await shot(page, '1-objects');

    const search = page.getByRole('search', { name: 'Search objects' });
    await search.getByLabel('Custom attribute', { exact: true }).fill('x-bucket');
    await search.getByLabel('Its value', { exact: true }).fill(NEEDLE);
    await search.getByLabel('Its value', { exact: true }).press('Enter');
    await page.getByText('1–1 of 1', { exact: true }).waitFor();
    const rows = page.locator('table.objects tbody tr');
    assert.equal(await rows.count(), 1);
    await rows.first().getByRole('cell', { name: NEEDLE }).waitFor();
    await shot(page, '2-search');
    await rows.first().getByRole('link').click();
    await page.getByRole('heading', { name: 'Attributes' }).waitFor();
    await page.getByRole('cell', { name: NEEDLE }).waitFor();
    assertNoErrors(admin);
  });

  test('create, revoke and destroy a key; a second identity is refused with the KMIP reason', async () => {
    const [admin] = browsers;
    assert.ok(admin !== undefined);
    const { page } = admin;
    await page.goto(`${s.origin}/ui/#/objects`);
    await page.getByText('New symmetric key').click();
    await page
      .getByRole('form', { name: 'New symmetric key' })
      .getByLabel('Name', { exact: true })
      .fill('console-key-1');
    await page.getByRole('button', { name: 'Create key', exact: true }).click();
    await page.getByRole('heading', { name: 'console-key-1' }).waitFor();
    await page.locator('.subtitle .state.Active').waitFor();
    await page.getByRole('img', { name: /State timeline: Created .*Activated/ }).waitFor();
    await shot(page, '3-object-active');

    await page.getByLabel('Revocation reason').selectOption('CessationOfOperation');
    await page.getByLabel('Message', { exact: true }).fill('retired by the console test');
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await page.getByRole('status').getByText('Revoked (Cessation Of Operation).').waitFor();
    await page.locator('.subtitle .state.Deactivated').waitFor();

    const destroy = page.getByRole('button', { name: 'Destroy', exact: true });
    const confirm = page.getByLabel(/to destroy this object/);
    await confirm.fill('console-key');
    assert.equal(await destroy.isDisabled(), true, 'Destroy waits for the exact name');
    await confirm.fill('console-key-1');
    await destroy.click();
    await page.locator('.subtitle .state.Destroyed').waitFor();
    await page.getByRole('img', { name: /Destroyed/ }).waitFor();
    await shot(page, '4-object-destroyed');
    const keyUrl = page.url();

    await page.goto(`${s.origin}/ui/#/objects`);
    await page.getByText('New key pair').click();
    const pairForm = page.getByRole('form', { name: 'New key pair' });
    await pairForm.getByLabel(/^Name/).fill('console-pair');
    await pairForm.getByLabel('Algorithm', { exact: true }).selectOption('EC P-256');
    await page.getByRole('button', { name: 'Create key pair' }).click();
    await page.getByRole('heading', { name: 'console-pair', exact: true }).waitFor();
    await page.locator('.subtitle .state.Active').waitFor();
    await page.getByRole('region', { name: 'Links' }).getByRole('link').first().click();
    await page.getByRole('heading', { name: 'console-pair-public' }).waitFor();
    const publicUrl = page.url();
    assertNoErrors(admin);

    const other = await open('other', s.t.certs.client2);
    await other.page.goto(publicUrl.replace(/^[^#]*/, `${s.origin}/ui/`));
    await other.page.getByRole('heading', { name: 'console-pair-public' }).waitFor();
    await other.page.getByLabel(/to destroy this object/).fill('console-pair-public');
    await other.page.getByRole('button', { name: 'Destroy', exact: true }).click();
    await other.page
      .getByRole('alert')
      .getByText(/Destroy refused: Permission Denied/)
      .waitFor();
    await shot(other.page, '5-refused');
    await other.page.goto(keyUrl.replace(/^[^#]*/, `${s.origin}/ui/`));
    await other.page
      .getByRole('alert')
      .getByText(/Get Attributes refused/)
      .waitFor();
    assertNoErrors(other);
    await other.close();
  });

  test('token sign-in through the sign-in page', async () => {
    const b = await open('token');
    const { page } = b;
    await page.goto(`${s.origin}/ui/`);
    await page.getByRole('heading', { name: 'Console token' }).waitFor();
    await shot(page, '0-sign-in');
    await page.getByLabel(/^Token/).fill(s.token);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`${TOKEN_IDENTITY}`, { exact: true }).waitFor();
    await page.getByText('(token)').waitFor();
    await page.getByRole('link', { name: 'Server' }).click();
    await page.getByText(/is not one \(console_admins/).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByText('Console token').waitFor();
    assertNoErrors(b);
    await b.close();
  });

  test('the server page and the audit log with its hash chain verdict', async () => {
    const [admin] = browsers;
    assert.ok(admin !== undefined);
    const { page } = admin;
    await page.goto(`${s.origin}/ui/#/server`);
    await page.getByText('kmip-ts 0.1.0').waitFor();
    await page.getByRole('img', { name: /Requests per second from/ }).waitFor();
    await page.getByRole('cell', { name: 'Permission Denied' }).first().waitFor();
    await page.getByText('Operation policies in force').waitFor();
    await shot(page, '6-server');

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page
      .getByText(/hash chain intact/)
      .first()
      .waitFor();
    await page.getByLabel('Operation').selectOption('Destroy');
    await page.getByRole('button', { name: 'Filter' }).click();
    const rows = page.locator('table.audit tbody tr');
    // Every row shown is a Destroy: the filtered answer has replaced the unfiltered one. (Polled
    // from here: the page's Content Security Policy forbids evaluating a string in it.)
    const operations = rows.locator('td:nth-child(3)');
    for (let i = 0; i < 100; i++) {
      const shown = await operations.allTextContents();
      if (shown.length > 0 && shown.every((o) => o === 'Destroy')) break;
      await sleep(100);
    }
    assert.deepEqual([...new Set(await operations.allTextContents())], ['Destroy']);
    await page.getByRole('cell', { name: 'demo-client-2' }).first().waitFor();
    await page
      .getByRole('cell', { name: /Operation Failed: Permission Denied/ })
      .first()
      .waitFor();
    assert.ok((await rows.count()) >= 2);
    await shot(page, '7-audit');
    assertNoErrors(admin);
  });
});
