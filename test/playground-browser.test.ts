// The playground in a real browser (Debian's chromium, driven by playwright-core; nothing is
// downloaded): the page lints the tutorial pair, a mistake typed into the uWSGI editor is found at
// its line and column, and the link the page puts in the address bar reproduces the case.
// Screenshots go to test-artifacts/playground/ (git-ignored).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error plain JS build script
import { buildPlayground, root } from '../scripts/build-playground.js';
import { ruleDocsUrl } from '../src/rule.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM} is missing under CI=true: .ci/run installs chromium`);
  console.warn(`SKIPPED test/playground-browser.test.ts: no chromium at ${CHROMIUM}; to run: apt-get install -y chromium (or set CHROMIUM_PATH)`);
}

const artifacts = join(root, 'test-artifacts', 'playground');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
let dir = '';
let server: Server;
let base = '';
let browser: Browser;

beforeAll(async () => {
  if (!available) return;
  dir = mkdtempSync(join(tmpdir(), 'playground-'));
  await buildPlayground(dir);
  server = createServer((req, res) => {
    const name = (req.url ?? '/').split(/[?#]/)[0] === '/' ? 'index.html' : (req.url ?? '').split(/[?#]/)[0].slice(1);
    const file = join(dir, name);
    if (!/^[\w.-]+$/.test(name) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  mkdirSync(artifacts, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await page.waitForSelector('body[data-state="done"]', { timeout: 30_000 });
  expect(errors).toEqual([]);
  return page;
}

const uwsgiText = readFileSync(join(root, 'examples/mistakes/mysite_uwsgi.ini'), 'utf8');
// The typed line lands on the ini's last (empty) line.
const typedLine = uwsgiText.split('\n').length;
const finding = `li.finding[data-rule="uwsgi/unknown-option"][data-line="${typedLine}"]`;

describe.skipIf(!available)('the playground in chromium', () => {
  let shared = '';

  test('lints the tutorial pair, then a mistake typed into the uWSGI editor at its line and column', async () => {
    const page = await open(base);
    // The tutorial pair's socket mismatch, with its related location on the other side.
    const mismatch = page.locator('li.finding[data-rule="pair/socket-mismatch"]');
    await expect(mismatch.locator('.where').textContent()).resolves.toBe('mysite_nginx.conf:15:20');
    await expect(mismatch.locator('.related .loc').first().textContent()).resolves.toBe('mysite_uwsgi.ini:15:10');
    await expect(mismatch.locator('a.rule').getAttribute('href')).resolves.toBe(ruleDocsUrl('pair/socket-mismatch'));
    expect(await page.locator(finding).count()).toBe(0);
    // Syntax colouring (playground/highlight.ts): directive names, comments, the ini's section header.
    const keywords = await page.locator('#nginx .cm-line .tok-keyword').allTextContents();
    expect(keywords).toEqual(expect.arrayContaining(['server', 'listen', 'server_name', 'location', 'alias', 'uwsgi_pass']));
    expect(keywords).not.toContain('internal.example.com');
    expect(await page.locator('#nginx .cm-line .tok-comment').first().textContent()).toMatch(/^# mistake: location without a trailing slash/);
    expect(await page.locator('#uwsgi .cm-line .tok-heading').allTextContents()).toContain('[uwsgi]');
    expect(await page.locator('#uwsgi .cm-line .tok-comment').first().textContent()).toMatch(/^; The same Django site/);
    expect(await page.locator('#nginx .cm-line .tok-keyword', { hasText: 'uwsgi_pass' }).evaluate((e) => getComputedStyle(e).color)).toBe('rgb(130, 80, 223)');

    await page.locator('#uwsgi .cm-content').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('procesess = 4');
    await page.waitForSelector(finding, { timeout: 30_000 });
    await page.waitForSelector('body[data-state="done"]');
    const item = page.locator(finding);
    expect(await item.getAttribute('data-file')).toBe('mysite_uwsgi.ini');
    expect(await item.getAttribute('data-column')).toBe('1');
    expect(await item.locator('.where').textContent()).toBe(`mysite_uwsgi.ini:${typedLine}:1`);
    expect(await item.locator('.severity').textContent()).toBe('error');
    expect(await item.locator('.message').textContent()).toMatch(/`procesess` is not a uWSGI option.*processes/);
    expect(await item.locator('a.rule').getAttribute('href')).toBe(ruleDocsUrl('uwsgi/unknown-option'));
    // The editor marks it too: an error range on the typed line.
    const marked = page.locator('#uwsgi .cm-line', { hasText: 'procesess = 4' }).locator('.cm-lintRange-error');
    expect(await marked.count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(artifacts, 'typed-mistake.png'), fullPage: true });
    shared = page.url();
    expect(shared).toMatch(/#nginx=[\w-]+&uwsgi=[\w-]+$/);
    await page.close();
  }, 120_000);

  test('a shared link opens the same state', async () => {
    expect(shared).not.toBe('');
    const page = await open(shared);
    expect(await page.locator('#uwsgi .cm-content').innerText()).toContain('procesess = 4');
    expect(await page.locator(`${finding} .where`).textContent()).toBe(`mysite_uwsgi.ini:${typedLine}:1`);
    expect(await page.locator('li.finding[data-rule="pair/socket-mismatch"] .where').textContent()).toBe('mysite_nginx.conf:15:20');
    await page.screenshot({ path: join(artifacts, 'shared-link.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
