// The browser checks: each function takes a page (or files) and returns the
// problems it finds, one string each, so that a test can assert both that a
// built portal has none and that a deliberately broken fixture has some.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

const require = createRequire(import.meta.url);

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SHARED = path.resolve(ROOT, '..', 'shared');
export const ARTIFACTS = path.join(ROOT, 'tests', 'artifacts');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
// Flags for a root user on a machine without a network beyond localhost.
export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VNU_JAR = path.join(path.dirname(require.resolve('vnu-jar')), 'build', 'dist', 'vnu.jar');

/** The WCAG rule tags axe checks: 2.0, 2.1 and 2.2, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

// ---------------------------------------------------------------- sites

/** Build a portal with the insyn binary the Rust tests built. */
export function buildSite(content, output) {
  const insyn = process.env.INSYN_BIN ?? path.join(ROOT, 'target', 'debug', 'insyn');
  execFileSync(insyn, ['build', '--content', content, '--output', output], {
    env: { ...process.env, CI: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Write an archival package of `content` (`insyn archive`) into `out`. */
export function archiveSite(content, out, args = []) {
  const insyn = process.env.INSYN_BIN ?? path.join(ROOT, 'target', 'debug', 'insyn');
  execFileSync(insyn, ['archive', '--content', content, '--out', out, ...args], {
    env: { ...process.env, CI: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Generate a corpus with ../shared/tools/gen-corpus.py, with people and votes. */
export function generateCorpus(out, paragraphs) {
  execFileSync('python3', [path.join(SHARED, 'tools', 'gen-corpus.py'), '--out', out,
    '--paragraphs', String(paragraphs), '--pdf-ratio', '0.05', '--people'], { stdio: 'ignore' });
}

/**
 * One page of each type in a built site, as paths relative to its root.
 * Found from the output itself, so it works for any content.
 */
export function pageTypes(site) {
  const first = (dir, test) => {
    const names = fs.readdirSync(path.join(site, dir)).filter(test).sort();
    if (names.length === 0) throw new Error(`no page under ${dir} in ${site}`);
    return names[0];
  };
  const meeting = first('sammantraden', (n) => /^\d{4}-\d\d-\d\d-/.test(n)
    && fs.readdirSync(path.join(site, 'sammantraden', n)).some((p) => /^p\d+$/.test(p)));
  const paragraph = first(`sammantraden/${meeting}`, (n) => /^p\d+$/.test(n));
  const year = first('sammantraden', (n) => /^\d{4}$/.test(n));
  const body = first('organ', () => true);
  // The case with the longest page: the longest timeline.
  const cases = fs.readdirSync(path.join(site, 'arenden')).filter((n) => /\d{4}-\d+$/.test(n));
  const caseId = cases.sort((a, b) => fileSize(site, `arenden/${b}/index.html`) - fileSize(site, `arenden/${a}/index.html`) || a.localeCompare(b))[0];
  // A published PDF's text page: an .html file beside its meeting page.
  const withDocument = first('sammantraden', (n) => /^\d{4}-\d\d-\d\d-/.test(n)
    && fs.readdirSync(path.join(site, 'sammantraden', n)).some((f) => f.endsWith('.html') && f !== 'index.html'));
  const documentPage = first(`sammantraden/${withDocument}`, (f) => f.endsWith('.html') && f !== 'index.html');
  const freePage = first('.', (n) => fs.existsSync(path.join(site, n, 'index.html'))
    && !['sammantraden', 'organ', 'arenden', 'sok', 'ekonomi', 'statistik', 'data', 'oparl', 'ledamoter', 'partier', 'anslagstavla', 'delta', 'ordlista', 'amnen'].includes(n));
  const types = {
    start: 'index.html',
    'meetings list': 'sammantraden/index.html',
    'meetings of a year': `sammantraden/${year}/index.html`,
    meeting: `sammantraden/${meeting}/index.html`,
    paragraph: `sammantraden/${meeting}/${paragraph}/index.html`,
    'document text': `sammantraden/${withDocument}/${documentPage}`,
    body: `organ/${body}/index.html`,
    'cases list': 'arenden/index.html',
    'cases by status': `arenden/status/${first('arenden/status', () => true)}/index.html`,
    case: `arenden/${caseId}/index.html`,
    'free page': `${freePage}/index.html`,
    search: 'sok/index.html',
    'open data': 'data/index.html',
    'notice board': 'anslagstavla/index.html',
    'notice board of a year': `anslagstavla/${year}/index.html`,
    'taking part': 'delta/index.html',
    glossary: 'ordlista/index.html',
    topics: 'amnen/index.html',
    404: '404.html',
  };
  // The topic with the most pages, and its second page if it has one.
  const topics = fs.readdirSync(path.join(site, 'amnen')).filter((n) => fs.existsSync(path.join(site, 'amnen', n, 'index.html')));
  if (topics.length > 0) {
    const pages = (n) => fs.readdirSync(path.join(site, 'amnen', n)).filter((p) => p.startsWith('sida-')).length;
    const topic = topics.sort((a, b) => pages(b) - pages(a) || a.localeCompare(b))[0];
    types.topic = `amnen/${topic}/index.html`;
    if (pages(topic) > 0) types['topic, page 2'] = `amnen/${topic}/sida-2/index.html`;
  }
  // Budget pages, when the portal has budgets.
  if (fs.existsSync(path.join(site, 'ekonomi', 'index.html'))) {
    types.economy = 'ekonomi/index.html';
    types.budget = `ekonomi/${first('ekonomi', (n) => /^\d{4}$/.test(n))}/index.html`;
  }
  // Statistics pages, when the portal has Kolada statistics.
  if (fs.existsSync(path.join(site, 'statistik', 'index.html'))) {
    types.statistics = 'statistik/index.html';
    types['statistics group'] = `statistik/${first('statistik', (n) => fs.existsSync(path.join(site, 'statistik', n, 'index.html')))}/index.html`;
  }
  const confidential = findConfidential(site);
  if (confidential) types['confidential paragraph'] = confidential;
  if (fs.existsSync(path.join(site, 'arenden', 'sida-2'))) types['cases list, page 2'] = 'arenden/sida-2/index.html';
  if (fs.existsSync(path.join(site, 'arenden', 'typ'))) types['cases of a kind'] = `arenden/typ/${first('arenden/typ', () => true)}/index.html`;
  // The people's pages, when the portal has people.yaml: the person with
  // the longest page, a party, and a paragraph with the fullest vote.
  if (fs.existsSync(path.join(site, 'ledamoter', 'index.html'))) {
    types.people = 'ledamoter/index.html';
    const people = fs.readdirSync(path.join(site, 'ledamoter')).filter((n) => fs.existsSync(path.join(site, 'ledamoter', n, 'index.html')));
    const person = people.sort((a, b) => fileSize(site, `ledamoter/${b}/index.html`) - fileSize(site, `ledamoter/${a}/index.html`) || a.localeCompare(b))[0];
    types.person = `ledamoter/${person}/index.html`;
    types.party = `partier/${first('partier', () => true)}/index.html`;
    const vote = findParagraph(site, 'class="voters"') ?? findParagraph(site, 'class="proposals"');
    if (vote) types['paragraph with a vote'] = vote;
  }
  return types;
}

/** The first paragraph page (in name order) whose HTML holds `text`. */
function findParagraph(site, text) {
  for (const meeting of fs.readdirSync(path.join(site, 'sammantraden')).sort()) {
    const dir = path.join(site, 'sammantraden', meeting);
    if (!fs.statSync(dir).isDirectory() || !/^\d{4}-/.test(meeting)) continue;
    for (const p of fs.readdirSync(dir).filter((n) => /^p\d+$/.test(n)).sort()) {
      const rel = `sammantraden/${meeting}/${p}/index.html`;
      if (fs.readFileSync(path.join(site, rel), 'utf8').includes(text)) return rel;
    }
  }
  return null;
}

function fileSize(site, rel) {
  return fs.statSync(path.join(site, rel)).size;
}

/** A paragraph page that shows the confidentiality notice, if any. */
function findConfidential(site) {
  return findParagraph(site, 'omfattas av sekretess');
}

// ---------------------------------------------------------------- server

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.xml': 'application/xml',
  '.pdf': 'application/pdf', '.svg': 'image/svg+xml', '.png': 'image/png', '.js': 'text/javascript',
};

/**
 * Serve `root` under `prefix` (`/some/prefix/`) on 127.0.0.1, like a static
 * host: folders give index.html, unknown paths the site's 404.html with
 * status 404. Resolves to { url, close }.
 */
export function serve(root, prefix) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    let rel = decodeURIComponent(url.pathname);
    if (!rel.startsWith(prefix)) return notFound(res);
    rel = rel.slice(prefix.length);
    let file = path.normalize(path.join(root, rel));
    if (!file.startsWith(root)) return notFound(res);
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) return notFound(res);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  const notFound = (res) => {
    const page = path.join(root, '404.html');
    res.writeHead(404, { 'content-type': TYPES['.html'] });
    res.end(fs.existsSync(page) ? fs.readFileSync(page) : 'not found');
  };
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}${prefix}`,
      close: () => new Promise((done) => server.close(done)),
    }));
  });
}

// ---------------------------------------------------------------- search

/**
 * Run a query on the search page at `url` (http or file://); returns the
 * results as { title, href, text }, the status line, and how long the first
 * results took to show.
 */
export async function searchFor(page, url, query) {
  await page.goto(url);
  await page.evaluate(() => window.insynSearchReady);
  const started = Date.now();
  await page.fill('#search-q', query);
  // Answered: a status line, and the results no longer busy.
  await page.waitForFunction(() => document.querySelector('#search-status').textContent !== ''
    && !document.querySelector('#search-results').hasAttribute('aria-busy'), null, { timeout: 5000 });
  const ms = Date.now() - started;
  const results = await page.$$eval('#search-results li', (items) => items.map((li) => {
    const a = li.querySelector('a');
    return { title: a.textContent, href: a.getAttribute('href'), text: li.textContent };
  }));
  return { results, status: await page.textContent('#search-status'), ms };
}

// ---------------------------------------------------------------- checks

/** 1. axe-core with the WCAG A and AA tags: every violation. */
export async function axeProblems(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const result = await page.evaluate((tags) => window.axe.run(document, {
    runOnly: { type: 'tag', values: tags },
  }), WCAG_TAGS);
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.length} element(s), e.g. ${v.nodes[0]?.target.join(' ')}`);
}

const FOCUSABLE = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])';

/** The look of an element that a focus indicator would change. */
const LOOK = (e) => {
  const s = getComputedStyle(e);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor,
    s.color, s.textDecorationLine, s.borderBottomColor].join('|');
};

/**
 * Number every visible link and control (data-kbd) and remember how it
 * looks unfocused (data-kbd-look); returns how many there are.
 */
function markFocusables(page) {
  return page.evaluate(({ selector, look }) => {
    const lookOf = new Function(`return (${look})`)();
    const all = [...document.querySelectorAll(selector)].filter((e) => {
      const s = getComputedStyle(e);
      // checkVisibility: not inside a closed <details> either.
      return s.display !== 'none' && s.visibility !== 'hidden' && !e.disabled && e.getClientRects().length > 0
        && e.checkVisibility({ contentVisibilityAuto: true });
    });
    all.forEach((e, i) => { e.dataset.kbd = String(i); e.dataset.kbdLook = lookOf(e); });
    return all.length;
  }, { selector: FOCUSABLE, look: LOOK.toString() });
}

/**
 * 2. Keyboard: the skip link is the first tab stop and moves focus to the
 * main content; Tab reaches every link and control, each with a visible
 * focus indicator; nothing traps focus.
 */
export async function keyboardProblems(page) {
  const problems = [];
  const url = page.url();
  const count = await markFocusables(page);
  if (count === 0) return ['no focusable element'];

  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const e = document.activeElement;
    return e ? { tag: e.tagName, href: e.getAttribute('href'), text: e.textContent.trim() } : null;
  });
  if (!first || first.tag !== 'A' || first.href !== '#main') {
    problems.push(`the first tab stop is not a skip link to #main but ${JSON.stringify(first)}`);
  } else {
    await page.keyboard.press('Enter');
    const moved = await page.evaluate(() => document.activeElement?.id === 'main');
    if (!moved) problems.push('the skip link does not move focus to #main');
  }

  // Walk the whole tab order from the top of a fresh page.
  await page.goto(url);
  await markFocusables(page);
  const seen = new Set();
  const noIndicator = [];
  let stuck = 0;
  let previous = null;
  for (let i = 0; i < count + 3; i += 1) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate((look) => {
      const e = document.activeElement;
      if (!e || e === document.body || !e.dataset.kbd) return null;
      const lookOf = new Function(`return (${look})`)();
      return { index: e.dataset.kbd, changed: lookOf(e) !== e.dataset.kbdLook, label: e.outerHTML.slice(0, 80) };
    }, LOOK.toString());
    if (at === null) {
      if (seen.size > 0) break; // left the page after the last stop: no trap
      continue;
    }
    if (at.index === previous) stuck += 1;
    previous = at.index;
    if (!at.changed) noIndicator.push(at.label);
    if (seen.has(at.index) && seen.size < count) break; // came round again too early
    seen.add(at.index);
    if (seen.size === count) break;
  }
  if (stuck > 0) problems.push(`focus is trapped: Tab stayed on the same element ${stuck} time(s)`);
  if (seen.size < count) problems.push(`Tab reached ${seen.size} of ${count} links and controls`);
  for (const label of noIndicator) problems.push(`no visible focus indicator on ${label}`);
  return problems;
}

/** 3. The Nu Html Checker: every error in the given HTML files. */
export function vnuProblems(files) {
  // vnu writes its report to stderr, and exits 1 when it finds errors.
  const run = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...files], {
    encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  if (run.error) throw run.error;
  const start = run.stderr.indexOf('{"');
  if (start < 0) throw new Error(`the Nu Html Checker gave no report: ${run.stderr}${run.stdout}`);
  const report = JSON.parse(run.stderr.slice(start));
  return report.messages
    .filter((m) => m.type === 'error' || m.subType === 'fatal')
    .map((m) => `${path.basename(path.dirname(new URL(m.url).pathname))}/${path.basename(new URL(m.url).pathname)}:${m.lastLine ?? '?'}: ${m.message}`);
}

/** 3. sitemap.xml (an index, and the parts it names) and feed.xml: well-formed, and the feed is Atom. */
export function xmlProblems(file, kind) {
  const text = fs.readFileSync(file, 'utf8');
  const valid = XMLValidator.validate(text);
  if (valid !== true) return [`${path.basename(file)} is not well-formed: ${valid.err.msg} (line ${valid.err.line})`];
  if (kind === 'sitemap') {
    const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'sitemap' }).parse(text);
    const ns = 'http://www.sitemaps.org/schemas/sitemap/0.9';
    if (doc.sitemapindex) {
      // An index: each part it names lies beside it, and is a sitemap.
      if (doc.sitemapindex['@_xmlns'] !== ns) return ['not a sitemap index (sitemapindex in the sitemap namespace)'];
      return (doc.sitemapindex.sitemap || []).flatMap((part) =>
        xmlProblems(path.join(path.dirname(file), path.basename(part.loc)), 'sitemap'));
    }
    if (!doc.urlset || doc.urlset['@_xmlns'] !== ns) return ['not a sitemap (urlset in the sitemap namespace)'];
    return [];
  }
  const doc = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' || name === 'link' }).parse(text);
  const feed = doc.feed;
  if (!feed || feed['@_xmlns'] !== 'http://www.w3.org/2005/Atom') return ['not an Atom feed (feed in the Atom namespace)'];
  const problems = [];
  for (const key of ['id', 'title', 'updated']) if (!feed[key]) problems.push(`the feed has no ${key}`);
  if (!feed.author && (feed.entry ?? []).some((e) => !e.author)) problems.push('the feed and its entries have no author');
  (feed.entry ?? []).forEach((e, i) => {
    for (const key of ['id', 'title', 'updated']) if (!e[key]) problems.push(`entry ${i + 1} has no ${key}`);
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/.test(e.updated)) problems.push(`entry ${i + 1}: updated is not an RFC 3339 date`);
  });
  return problems;
}

/**
 * 5 and 6. Load a page and report console errors, script errors, failed
 * requests, and a missing stylesheet (the theme's custom properties unset).
 */
export async function loadProblems(page, url) {
  const problems = [];
  const onConsole = (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); };
  const onError = (e) => problems.push(`script error: ${e.message}`);
  const onFailed = (r) => problems.push(`failed request: ${r.url()} (${r.failure()?.errorText})`);
  const onResponse = (r) => { if (r.status() >= 400 && r.url() !== url) problems.push(`HTTP ${r.status()}: ${r.url()}`); };
  page.on('console', onConsole);
  page.on('pageerror', onError);
  page.on('requestfailed', onFailed);
  page.on('response', onResponse);
  try {
    await page.goto(url, { waitUntil: 'load' });
    const styled = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--text').trim() !== '');
    if (!styled) problems.push('the stylesheet did not apply');
    // The site icons, which a browser asks for on a first visit (and a
    // console shows as an error when missing): over http, each must load.
    if (url.startsWith('http')) {
      const icons = await page.evaluate(async () => Promise.all(
        [...document.querySelectorAll('link[rel~="icon"]')].map(async (l) => [l.href, await fetch(l.href).then((r) => r.status, () => 0)])));
      if (icons.length === 0) problems.push('no site icon');
      for (const [href, status] of icons) if (status !== 200) problems.push(`icon ${href}: HTTP ${status}`);
    }
  } finally {
    page.off('console', onConsole);
    page.off('pageerror', onError);
    page.off('requestfailed', onFailed);
    page.off('response', onResponse);
  }
  return problems;
}

/** 7. At the page's current viewport, nothing is wider than the window. */
export async function overflowProblems(page) {
  const size = await page.evaluate(() => ({
    document: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    viewport: window.innerWidth,
  }));
  return size.document > size.viewport
    ? [`the page is ${size.document} px wide in a ${size.viewport} px viewport`]
    : [];
}

/**
 * 8. Without JavaScript the page shows the same text and the same
 * navigation as with it.
 */
/**
 * Pages whose small script reads the reader's clock: it marks each notice
 * or consultation open or closed and moves the open notices to the top,
 * renaming the list's heading. Their text with and without JavaScript must
 * hold the same words, but for these labels, in any order.
 */
export const CLOCK_LABELS = ['Öppen', 'Avslutad', 'Aktuella', 'Tidigare', 'Senaste', 'tillkännagivanden'];

export async function noScriptProblems(withJs, withoutJs, url, { reordered = false } = {}) {
  const read = async (page) => {
    await page.goto(url);
    return {
      text: (await page.locator('body').innerText()).replace(/\s+/g, ' ').trim(),
      nav: await page.locator('nav a, a[href]').count(),
      main: await page.locator('main').count(),
    };
  };
  const on = await read(withJs);
  const off = await read(withoutJs);
  const problems = [];
  if (off.main === 0) problems.push('no main content without JavaScript');
  if (off.nav === 0 || off.nav < on.nav) problems.push(`${off.nav} links without JavaScript, ${on.nav} with it`);
  const words = (text) => text.split(' ').filter((w) => !CLOCK_LABELS.includes(w)).sort().join(' ');
  const same = reordered ? words(off.text) === words(on.text) : off.text === on.text;
  if (!same) problems.push(`the text differs without JavaScript (${off.text.length} characters, ${on.text.length} with it)`);
  return problems;
}
