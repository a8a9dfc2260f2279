// Search benchmark: Insyn's index against Pagefind, on the same built
// portals (generated corpora of 10 000 and 100 000 paragraphs).
//
//   cd bench/search && npm ci && node search.mjs [10000 100000] [--insyn-only]
//
// For each size: the index build time and total index size of each engine;
// then eighteen queries (`strategi` and `skola` find compounds too; the
// last three with filters, chosen before the query is typed), each run
// RUNS times in a fresh browser context (cold cache) over http on
// 127.0.0.1 from a static server in its own process (serve.mjs): the
// bytes transferred from the query to the first results on screen, and
// the median time that took, measured inside the page (Insyn:
// from pressing Enter, so without the typing pause, to the results count;
// Pagefind: from importing its script to the first result's data). Then,
// for Insyn alone, a sweep of one-word queries: up to SWEEP words of four
// letters or more taken evenly from the index's own dictionary, each on a
// fresh page load, with the median and worst bytes and times.
//
// Needs the release binary (cargo build --release), Debian's chromium, and
// the corpora that bench/build.py generates (made here if missing).

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import readline from 'node:readline';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const CORPORA = path.join(ROOT, 'bench', 'corpora');
const INSYN = path.join(ROOT, 'target', 'release', 'insyn');
const PAGEFIND = path.join(import.meta.dirname, 'node_modules', '.bin', 'pagefind');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// A query's filters follow a `|`, as the search page's address has them.
// `digitalisring` and `kollektivtrafk` have a typo; `KF_NUMBER`,
// `KS_NUMBER`, `CASE_NUMBER` and `DNR_NUMBER` are filled in from the corpus.
const QUERIES = ['digitalis', 'oppna data', '"öppna data"', 'budget', 'strategi', 'skola', 'förskola',
  'digitalisring', 'kollektivtrafk', 'nettokostnad', 'skattesats', 'KS_NUMBER', 'KF_NUMBER', 'CASE_NUMBER', 'DNR_NUMBER',
  'beslut|typ=paragraph&ar=2019', 'skattepengar|typ=paragraph&ar=1960', 'oppna data|organ=ks'];
const RUNS = Number(process.env.RUNS ?? 5);
const SWEEP = Number(process.env.SWEEP ?? 300);

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

/** Start serve.mjs on a folder; resolves to its address and a stop function. */
function serve(root) {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'serve.mjs'), root], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    readline.createInterface({ input: child.stdout }).once('line', (url) => resolve({ url, stop: () => child.kill() }));
  });
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

/**
 * Bytes of the responses a page (and its workers) receives while `action`
 * runs: encoded body sizes, so what crossed the wire.
 */
async function measure(page, action) {
  const sizes = [];
  const count = (request) => { sizes.push(request.sizes().then((s) => s.responseBodySize, () => 0)); };
  page.on('requestfinished', count);
  const result = await action();
  await page.waitForTimeout(50);
  page.off('requestfinished', count);
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  return { bytes, result };
}

/**
 * One Insyn query on a fresh load of the search page, its filters (`|`
 * and the address's parameters) chosen first.
 */
async function insynQuery(page, url, query) {
  const [q, filters] = query.split('|');
  await page.goto(`${url}sok/index.html`);
  await page.evaluate(() => window.insynSearchReady);
  // Typed, then Enter: the search starts at once instead of after the
  // typing pause (debounce), so the time is the search's own, measured in
  // the page from the key press to the results count being announced. The
  // bytes count from the typing, while which the dictionary shard loads.
  const m = await measure(page, async () => {
    // Filters chosen first, as a reader would: their bitmaps load then,
    // and count in the bytes; the time starts once their own results show.
    for (const [name, value] of new URLSearchParams(filters ?? '')) {
      await page.selectOption(`#search-form [name="${name}"]`, value);
      await page.waitForFunction(() => !document.querySelector('#search-results').hasAttribute('aria-busy'));
    }
    await page.fill('#search-q', q);
    await page.evaluate(() => {
      window.__timing = new Promise((resolve) => {
        const status = document.querySelector('#search-status');
        const results = document.querySelector('#search-results');
        let start = 0;
        document.querySelector('#search-q').addEventListener('keydown', () => { start = performance.now(); }, { once: true });
        // Answered: a count, and the results no longer busy ("Söker …"
        // is said while they are).
        const answered = () => { if (start && status.textContent && !results.hasAttribute('aria-busy')) resolve(performance.now() - start); };
        new MutationObserver(answered).observe(status, { childList: true, characterData: true, subtree: true });
        new MutationObserver(answered).observe(results, { attributes: true });
      });
    });
    await page.press('#search-q', 'Enter');
    const ms = await page.evaluate(() => window.__timing);
    const first = await page.$eval('#search-results li a', (a) => a.textContent).catch(() => '(no result)');
    return { ms, first };
  });
  return { bytes: m.bytes, ms: m.result.ms, result: m.result.first };
}

/** One Pagefind query, from loading its script to its first result. */
async function pagefindQuery(page, url, q) {
  await page.goto(`${url}pagefind-bench.html`);
  const m = await measure(page, () => page.evaluate(async (query) => {
    const start = performance.now();
    const pagefind = await import('./pagefind/pagefind.js');
    await pagefind.init();
    const search = await pagefind.search(query);
    const first = search.results[0] ? await search.results[0].data() : null;
    return { ms: performance.now() - start, first: first ? first.meta.title : '(no result)' };
  }, q));
  return { bytes: m.bytes, ms: m.result.ms, result: m.result.first };
}

/** A query run RUNS times, each in a fresh context: bytes, median ms. */
async function repeated(browser, engine, url, q) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    runs.push(await engine(await context.newPage(), url, q));
    await context.close();
  }
  return { bytes: median(runs.map((r) => r.bytes)), ms: Math.round(median(runs.map((r) => r.ms))), result: runs[0].result };
}

/** Words of four letters or more from the index's dictionary, evenly picked. */
function sweepWords(site) {
  const dir = path.join(site, 'sok', 'index', 't');
  const words = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const script = fs.readFileSync(path.join(dir, name), 'utf8');
    const entries = JSON.parse(script.slice(script.indexOf(',') + 1, script.lastIndexOf(');')));
    for (const [kind, term] of entries) if (kind === 'W' && /^\p{L}{4,}$/u.test(term)) words.push(term);
  }
  const step = Math.max(1, words.length / SWEEP);
  return Array.from({ length: Math.min(SWEEP, words.length) }, (_, i) => words[Math.floor(i * step)]);
}

/** Fill in the queries that depend on the corpus: § numbers and diarienummer. */
function concreteQueries(site) {
  const firstParagraph = (body) => {
    const meeting = fs.readdirSync(path.join(site, 'sammantraden')).filter((n) => n.endsWith(`-${body}`)).sort().pop();
    return fs.readdirSync(path.join(site, 'sammantraden', meeting)).filter((n) => /^p\d+$/.test(n)).sort()[0].slice(1);
  };
  const caseId = fs.readdirSync(path.join(site, 'arenden')).filter((n) => /^\d{4}-\d+$/.test(n)).sort().pop();
  const filled = {
    KS_NUMBER: `Ks § ${firstParagraph('ks')}`,
    KF_NUMBER: `KF ${firstParagraph('kf')}`,
    CASE_NUMBER: caseId.replace('-', '/'),
    DNR_NUMBER: `Dnr KS ${caseId.replace('-', '/')}-003`,
  };
  return QUERIES.map((q) => filled[q] ?? q);
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

  const { url, stop } = await serve(site);
  console.log(`\n${size} paragraphs`);
  console.log(`  index build: Insyn ${insynIndexSeconds.toFixed(2)} s (inside insyn build), Pagefind ${pagefindSeconds.toFixed(2)} s (whole site)`);
  console.log(`  index size:  Insyn ${mb(insynSize)}, Pagefind ${mb(pagefindSize)}`);
  console.log(`  ${'query'.padEnd(16)} ${'Insyn bytes'.padStart(12)} ${'ms'.padStart(6)}  first result | ${'Pagefind bytes'.padStart(14)} ${'ms'.padStart(6)}  first result`);
  for (const q of concreteQueries(site)) {
    const a = await repeated(browser, insynQuery, url, q);
    // Pagefind's filters are of its own kind: filtered queries are Insyn's.
    const b = insynOnly || q.includes('|') ? { bytes: 0, ms: 0, result: '-' } : await repeated(browser, pagefindQuery, url, q);
    console.log(`  ${q.padEnd(16)} ${kb(a.bytes).padStart(12)} ${String(a.ms).padStart(6)}  ${String(a.result).slice(0, 40)} | ${kb(b.bytes).padStart(14)} ${String(b.ms).padStart(6)}  ${String(b.result).slice(0, 40)}`);
  }

  const words = sweepWords(site);
  const context = await browser.newContext();
  const page = await context.newPage();
  const sweep = [];
  for (const word of words) sweep.push({ word, ...(await insynQuery(page, url, word)) });
  await context.close();
  const worst = sweep.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  const ms = sweep.map((r) => r.ms);
  console.log(`  Insyn, ${sweep.length} one-word queries from the dictionary: bytes median ${kb(median(sweep.map((r) => r.bytes)))}, worst ${kb(worst.bytes)} (${worst.word}); ` +
    `time median ${Math.round(median(ms))} ms, 90th percentile ${Math.round(percentile(ms, 0.9))} ms, ${Math.round(100 * ms.filter((x) => x <= 100).length / ms.length)} % within 100 ms`);
  stop();
  fs.rmSync(path.join(site, 'pagefind'), { recursive: true, force: true });
  fs.rmSync(path.join(site, 'pagefind-bench.html'), { force: true });
}
await browser.close();
