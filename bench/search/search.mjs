// Search benchmark: Insyn's index against Pagefind, on the same built
// portals (generated corpora of 10 000 and 100 000 paragraphs).
//
//   cd bench/search && npm ci && node search.mjs [10000 100000]
//
// For each size: the index build time and total index size of each engine,
// then for five queries, each in a fresh browser context (cold cache) over
// http on 127.0.0.1: the bytes transferred from typing the query to the
// first results on screen, and the time that took, measured inside the page
// (Insyn: from pressing Enter, so without the typing pause, to the results
// count; Pagefind: from importing its script to the first result's data). Needs the release binary
// (cargo build --release), Debian's chromium, and the corpora that
// bench/build.py generates (made here if missing).

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CORPORA = path.join(ROOT, 'bench', 'corpora');
const INSYN = path.join(ROOT, 'target', 'release', 'insyn');
const PAGEFIND = path.join(import.meta.dirname, 'node_modules', '.bin', 'pagefind');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const QUERIES = ['digitalis', 'oppna data', 'budget', 'KS_NUMBER', 'CASE_NUMBER'];

function corpus(size) {
  const content = path.join(CORPORA, `p${size}`);
  if (!fs.existsSync(path.join(content, 'site.yaml'))) {
    fs.mkdirSync(CORPORA, { recursive: true });
    execFileSync('python3', [path.join(ROOT, '..', 'shared', 'tools', 'gen-corpus.py'), '--out', content, '--paragraphs', String(size)], { stdio: 'ignore' });
  }
  return content;
}

function duSize(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath ?? entry.path, entry.name)).size;
  }
  return total;
}

function serve(root) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    let file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file.startsWith(root) || !fs.existsSync(file)) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}/`, server })));
}

/** Bytes of the responses a page receives while `action` runs. */
async function measure(page, action) {
  let bytes = 0;
  const count = async (response) => {
    try { bytes += (await response.body()).length; } catch { /* redirects have none */ }
  };
  page.on('response', count);
  const started = Date.now();
  const result = await action();
  const ms = Date.now() - started;
  await page.waitForTimeout(50);
  page.off('response', count);
  return { bytes, ms, result };
}

async function insynQuery(browser, url, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}sok/index.html`);
  await page.evaluate(() => window.insynSearchReady);
  // Typed, then Enter: the search starts at once instead of after the
  // typing pause (debounce), so the time is the search's own, measured in
  // the page from the key press to the results count being announced.
  await page.fill('#search-q', q);
  await page.evaluate(() => {
    window.__timing = new Promise((resolve) => {
      const status = document.querySelector('#search-status');
      let start = 0;
      document.querySelector('#search-q').addEventListener('keydown', () => { start = performance.now(); }, { once: true });
      new MutationObserver(() => { if (status.textContent) resolve(performance.now() - start); }).observe(status, { childList: true, characterData: true, subtree: true });
    });
  });
  const m = await measure(page, async () => {
    await page.press('#search-q', 'Enter');
    const ms = await page.evaluate(() => window.__timing);
    const first = await page.$eval('#search-results li a', (a) => a.textContent).catch(() => '(no result)');
    return { ms, first };
  });
  await context.close();
  return { bytes: m.bytes, ms: Math.round(m.result.ms), result: m.result.first };
}

async function pagefindQuery(browser, url, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${url}pagefind-bench.html`);
  const m = await measure(page, () => page.evaluate(async (query) => {
    const start = performance.now();
    const pagefind = await import('./pagefind/pagefind.js');
    await pagefind.init();
    const search = await pagefind.search(query);
    const first = search.results[0] ? await search.results[0].data() : null;
    return { ms: performance.now() - start, first: first ? first.meta.title : '(no result)' };
  }, q));
  await context.close();
  return { bytes: m.bytes, ms: Math.round(m.result.ms), result: m.result.first };
}

/** Fill in the queries that depend on the corpus: a § of Ks and a diarienummer. */
function concreteQueries(site) {
  const ks = fs.readdirSync(path.join(site, 'sammantraden')).filter((n) => n.endsWith('-ks')).sort().pop();
  const paragraph = fs.readdirSync(path.join(site, 'sammantraden', ks)).filter((n) => /^p\d+$/.test(n)).sort()[0];
  const caseId = fs.readdirSync(path.join(site, 'arenden')).filter((n) => /^\d{4}-\d+$/.test(n)).sort().pop();
  return QUERIES.map((q) => q === 'KS_NUMBER' ? `Ks § ${paragraph.slice(1)}` : q === 'CASE_NUMBER' ? caseId.replace('-', '/') : q);
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

const insynOnly = process.argv.includes('--insyn-only');
const sizes = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
for (const size of sizes.length ? sizes : [10000, 100000]) {
  const content = corpus(size);
  const site = path.join(CORPORA, `p${size}-output`);
  const build = spawnSync(INSYN, ['build', '--content', content, '--output', site], { encoding: 'utf8', env: { ...process.env, CI: '1', INSYN_TIMINGS: '1' } });
  const timing = /timing: search index ([\d.]+) s/.exec(build.stderr);
  const insynIndexSeconds = timing ? Number(timing[1]) : NaN;
  const insynSize = duSize(path.join(site, 'sok', 'index'));

  fs.rmSync(path.join(site, 'pagefind'), { recursive: true, force: true });
  const started = Date.now();
  if (!insynOnly) execFileSync(PAGEFIND, ['--site', site, '--output-subdir', 'pagefind', '--force-language', 'sv'], { stdio: 'ignore' });
  const pagefindSeconds = (Date.now() - started) / 1000;
  const pagefindSize = insynOnly ? 0 : duSize(path.join(site, 'pagefind'));
  fs.writeFileSync(path.join(site, 'pagefind-bench.html'), '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Pagefind</title></head><body></body></html>\n');

  const { url, server } = await serve(site);
  console.log(`\n${size} paragraphs`);
  console.log(`  index build: Insyn ${insynIndexSeconds.toFixed(2)} s (inside insyn build), Pagefind ${pagefindSeconds.toFixed(2)} s (whole site)`);
  console.log(`  index size:  Insyn ${mb(insynSize)}, Pagefind ${mb(pagefindSize)}`);
  console.log(`  ${'query'.padEnd(16)} ${'Insyn bytes'.padStart(12)} ${'ms'.padStart(6)}  first result | ${'Pagefind bytes'.padStart(14)} ${'ms'.padStart(6)}  first result`);
  for (const q of concreteQueries(site)) {
    const a = await insynQuery(browser, url, q);
    const b = insynOnly ? { bytes: 0, ms: 0, result: '-' } : await pagefindQuery(browser, url, q);
    console.log(`  ${q.padEnd(16)} ${kb(a.bytes).padStart(12)} ${String(a.ms).padStart(6)}  ${String(a.result).slice(0, 40)} | ${kb(b.bytes).padStart(14)} ${String(b.ms).padStart(6)}  ${String(b.result).slice(0, 40)}`);
  }
  server.close();
  fs.rmSync(path.join(site, 'pagefind'), { recursive: true, force: true });
  fs.rmSync(path.join(site, 'pagefind-bench.html'), { force: true });
}
await browser.close();
