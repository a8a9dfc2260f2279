// Insyn as people use it: the demo portal and a generated corpus of about
// 2 000 paragraphs, checked in Debian's Chromium. Every check is also run on
// a deliberately broken fixture (fixtures/broken/) to prove it can fail.
//
//   node --test checks.test.mjs        (from tests/browser, after npm ci)

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import {
  ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, archiveSite, axeProblems, buildSite, generateCorpus,
  keyboardProblems, loadProblems, noScriptProblems, overflowProblems, pageTypes, searchFor, serve,
  vnuProblems, xmlProblems,
} from './checks.mjs';

const BROKEN = path.join(import.meta.dirname, 'fixtures', 'broken');
const PREFIX = '/some/prefix/';

let browser;
let work;
const sites = {};

before(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'insyn-browser-'));
  const demo = path.join(work, 'demo');
  buildSite(path.join(ROOT, 'content'), demo);
  const corpusContent = path.join(work, 'corpus-content');
  generateCorpus(corpusContent, 2000);
  const corpus = path.join(work, 'corpus');
  buildSite(corpusContent, corpus);
  sites.corpusContent = corpusContent;
  // Hostile content whose links and images the sanitiser stripped.
  const strippedContent = path.join(work, 'stripped-content');
  for (const fixture of ['base', 'escaping']) {
    fs.cpSync(path.join(ROOT, 'tests', 'fixtures', fixture, 'content'), strippedContent, { recursive: true });
  }
  sites.stripped = { root: path.join(work, 'stripped') };
  buildSite(strippedContent, sites.stripped.root);
  for (const [name, root] of [['demo', demo], ['corpus', corpus]]) {
    sites[name] = { root, types: pageTypes(root), server: await serve(root, PREFIX) };
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site?.server?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** A fresh page at a viewport size, closed after `use`. */
async function withPage(options, use) {
  const context = await browser.newContext(options);
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

const fileUrl = (root, rel) => pathToFileURL(path.join(root, rel)).href;
const brokenUrl = (name) => pathToFileURL(path.join(BROKEN, name)).href;

/** Run `check` on every page type of a site; collect problems by page. */
async function everyPage(site, check) {
  const problems = [];
  for (const [type, rel] of Object.entries(sites[site].types)) {
    for (const p of await check(rel, type)) problems.push(`${type} (${rel}): ${p}`);
  }
  return problems;
}

for (const site of ['demo', 'corpus']) {
  describe(`${site} portal`, () => {
    test('1. no axe violations (WCAG 2.0, 2.1, 2.2, A and AA) on any page type', async () => {
      const problems = await everyPage(site, (rel) => withPage({}, async (page) => {
        await page.goto(`${sites[site].server.url}${rel}`);
        return axeProblems(page);
      }));
      assert.deepEqual(problems, []);
    });

    test('2. keyboard: skip link first, every link reachable with visible focus, no trap', async () => {
      const problems = await everyPage(site, (rel) => withPage({}, async (page) => {
        await page.goto(`${sites[site].server.url}${rel}`);
        return keyboardProblems(page);
      }));
      assert.deepEqual(problems, []);
    });

    test('3. the Nu Html Checker finds no error; sitemap and feed are well-formed, the feed is Atom', () => {
      const files = Object.values(sites[site].types).map((rel) => path.join(sites[site].root, rel));
      assert.deepEqual(vnuProblems(files), []);
      assert.deepEqual(xmlProblems(path.join(sites[site].root, 'sitemap.xml'), 'sitemap'), []);
      assert.deepEqual(xmlProblems(path.join(sites[site].root, 'feed.xml'), 'atom'), []);
    });

    test('5. opened from disk (file://), every page type renders styled, with no errors or failed requests', async () => {
      const problems = await everyPage(site, (rel) => withPage({}, (page) => loadProblems(page, fileUrl(sites[site].root, rel))));
      assert.deepEqual(problems, []);
    });

    test(`6. served under a sub-path (${PREFIX}), every page type renders styled, with no errors or failed requests`, async () => {
      const problems = await everyPage(site, (rel) => withPage({}, (page) => loadProblems(page, `${sites[site].server.url}${rel}`)));
      assert.deepEqual(problems, []);
      const missing = await fetch(`${sites[site].server.url}no/such/page/`);
      assert.equal(missing.status, 404);
      assert.match(await missing.text(), /<h1>Sidan finns inte<\/h1>/);
    });

    test('7. at 320 px no page scrolls sideways', async () => {
      const problems = await everyPage(site, (rel) => withPage({ viewport: { width: 320, height: 640 } }, async (page) => {
        await page.goto(`${sites[site].server.url}${rel}`);
        return overflowProblems(page);
      }));
      assert.deepEqual(problems, []);
      // The case page at phone and desktop width, kept as test artifacts.
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      for (const width of [320, 1280]) {
        await withPage({ viewport: { width, height: 900 } }, async (page) => {
          await page.goto(`${sites[site].server.url}${sites[site].types.case}`);
          await page.screenshot({ path: path.join(ARTIFACTS, `${site}-case-${width}.png`), fullPage: true });
        });
      }
    });

    test('8. without JavaScript every page shows all its content and navigation', async () => {
      const problems = await everyPage(site, async (rel, type) => {
        if (type === 'search') return [];
        const on = await browser.newContext();
        const off = await browser.newContext({ javaScriptEnabled: false });
        try {
          const reordered = type.startsWith('notice board') || type === 'taking part';
          return await noScriptProblems(await on.newPage(), await off.newPage(), `${sites[site].server.url}${rel}`, { reordered });
        } finally {
          await on.close();
          await off.close();
        }
      });
      assert.deepEqual(problems, []);
    });
  });
}

describe('archival package', () => {
  test('a year\'s package opened from disk: every page type styled, no failed requests, search finds a diarienummer', async () => {
    // The year with the most PDFs, so that every page type is in it.
    const pdfs = (y) => fs.readdirSync(path.join(sites.corpusContent, 'meetings', y), { recursive: true }).filter((f) => f.endsWith('.pdf')).length;
    const years = fs.readdirSync(path.join(sites.corpusContent, 'meetings')).sort();
    const year = years.reduce((best, y) => (pdfs(y) > pdfs(best) ? y : best));
    const pkg = path.join(work, `package-${year}`);
    archiveSite(sites.corpusContent, pkg, ['--year', year]);
    const root = path.join(pkg, 'data', 'representations', 'site', 'data');
    const types = pageTypes(root);
    const problems = [];
    for (const [type, rel] of Object.entries(types)) {
      const found = await withPage({}, (page) => loadProblems(page, fileUrl(root, rel)));
      for (const p of found) problems.push(`${type} (${rel}): ${p}`);
    }
    assert.deepEqual(problems, []);
    // Only the year's meetings are in it.
    const meetings = fs.readdirSync(path.join(root, 'sammantraden')).filter((n) => /^\d{4}-/.test(n));
    assert.ok(meetings.length > 0 && meetings.every((m) => m.startsWith(`${year}-`)), meetings.join(', '));
    const caseSlug = types.case.split('/')[1];
    const caseHtml = fs.readFileSync(path.join(root, types.case), 'utf8');
    const diarienummer = /<dt>Diarienummer<\/dt><dd>([^<]+)<\/dd>/.exec(caseHtml)[1];
    await withPage({}, async (page) => {
      const failed = [];
      page.on('pageerror', (e) => failed.push(e.message));
      page.on('requestfailed', (r) => failed.push(`failed: ${r.url()}`));
      const { results } = await searchFor(page, fileUrl(root, 'sok/index.html'), diarienummer);
      assert.ok(results.length > 0 && results[0].href.endsWith(`arenden/${caseSlug}/index.html`), `${diarienummer}: ${JSON.stringify(results[0])}`);
      assert.deepEqual(failed, []);
    });
  });
});

describe('stripped links', () => {
  test('3. the Nu Html Checker passes on pages whose script links, images and markup were stripped', () => {
    const root = sites.stripped.root;
    const files = ['sammantraden/2020-02-03-ks/index.html', 'sammantraden/2020-02-03-ks/p2/index.html', 'arenden/2020-7/index.html'];
    assert.deepEqual(vnuProblems(files.map((rel) => path.join(root, rel))), []);
  });
});

describe('notice board', () => {
  test('the reader\'s clock puts the notices still open first, marked, and passes axe', async () => {
    await withPage({}, async (page) => {
      // 1 July 2019: Kf 17 June 2019 (appeal until 17 July) is still open,
      // Ks 3 June 2019 (until 1 July) on its last day, the rest closed.
      await page.clock.setFixedTime(new Date('2019-07-01T12:00:00'));
      await page.goto(`${sites.demo.server.url}anslagstavla/index.html`);
      const current = page.locator('#notices-current-list > li');
      assert.deepEqual(await current.locator('h3').allInnerTexts(), ['Kommunfullmäktige 17 juni 2019', 'Kommunstyrelsen 3 juni 2019']);
      assert.deepEqual(await current.locator('.badge-open').allInnerTexts(), ['Öppen', 'Öppen']);
      assert.ok(await page.locator('#notices-current').isVisible());
      assert.equal(await page.locator('#notices-h').innerText(), 'Tidigare tillkännagivanden');
      const earlier = page.locator('#notices-list > li');
      assert.ok(await earlier.count() >= 5);
      assert.equal(await earlier.locator('.badge-closed').count(), await earlier.count());
      assert.deepEqual(await axeProblems(page), []);
      // On the page on taking part, the demo's consultation (until 17 May
      // 2019) is closed.
      await page.goto(`${sites.demo.server.url}delta/index.html`);
      assert.deepEqual(await page.locator('#consultations-list .badge').allInnerTexts(), ['Avslutad']);
    });
  });
});

describe('statistics', () => {
  test('demo: charts are named images, the example notice shows, tables open from the keyboard and pass axe, CSV downloads', async () => {
    const rel = sites.demo.types['statistics group'];
    assert.ok(rel, 'the demo has statistics pages');
    await withPage({}, async (page) => {
      await page.goto(`${sites.demo.server.url}${rel}`);
      assert.match(await page.locator('.notice').innerText(), /Exempelvärden/);
      const charts = page.getByRole('img');
      assert.ok(await charts.count() >= 2);
      for (const chart of await charts.all()) {
        const name = await chart.evaluate((svg) => svg.querySelector('title').textContent);
        assert.ok(name.length > 5, `chart title: ${name}`);
      }
      // The first table: reach its summary by keyboard and open it.
      const summary = page.locator('summary').first();
      await summary.focus();
      await page.keyboard.press('Enter');
      const table = page.locator('details table').first();
      assert.ok(await table.isVisible(), 'Enter opens the table');
      assert.ok(await table.locator('tbody tr').count() >= 5);
      await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
      assert.deepEqual(await axeProblems(page), []);
      const href = await page.locator('a[download]').first().getAttribute('href');
      const csv = await (await fetch(new URL(href, page.url()))).text();
      assert.match(csv.split('\n')[0], /^nyckeltal,kommunkod,kommun,år,kön,värde,status$/);
      assert.ok(csv.includes(',Västervik,'), csv.slice(0, 200));
    });
  });
});

describe('charts', () => {
  test('demo at 360 px: every chart label is at least 12 px and inside its chart, the latest year shown, an axis not from zero says so', async () => {
    const types = sites.demo.types;
    await withPage({ viewport: { width: 360, height: 800 } }, async (page) => {
      for (const rel of [types.economy, types['statistics group']]) {
        await page.goto(`${sites.demo.server.url}${rel}`);
        const texts = await page.$$eval('svg.chart', (charts) => charts.flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          return [...svg.querySelectorAll('text')].map((t) => {
            const r = t.getBoundingClientRect();
            return {
              text: t.textContent,
              size: parseFloat(getComputedStyle(t).fontSize) * (t.getScreenCTM()?.a ?? 1),
              inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5,
            };
          });
        }));
        assert.ok(texts.length > 5, `${rel}: ${texts.length} texts`);
        const small = texts.filter((t) => t.size < 12);
        assert.deepEqual(small, [], `${rel}: text under 12 px`);
        const outside = texts.filter((t) => !t.inside);
        assert.deepEqual(outside, [], `${rel}: text cut off`);
        if (rel === types['statistics group']) {
          // The demo's statistics run to 2024; the tax rate's axis starts
          // above zero and says so.
          assert.ok(texts.some((t) => t.text === '2024'), 'the latest year is written');
          assert.ok(texts.some((t) => /Axeln börjar vid \d/.test(t.text)), texts.map((t) => t.text).join(' | '));
        }
      }
      // The economy page says its budget's figures are invented.
      await page.goto(`${sites.demo.server.url}${types.economy}`);
      assert.match(await page.locator('main .notice').first().innerText(), /Exempelvärden/);
    });
  });
});

describe('search', () => {
  const queries = (site) => {
    const types = sites[site].types;
    const caseSlug = types.case.split('/')[1];
    const caseHtml = fs.readFileSync(path.join(sites[site].root, types.case), 'utf8');
    const diarienummer = /<dt>Diarienummer<\/dt><dd>([^<]+)<\/dd>/.exec(caseHtml)[1];
    // The newest meeting's first paragraph: "§ N" of its body finds it first.
    const meetings = fs.readdirSync(path.join(sites[site].root, 'sammantraden')).filter((n) => /^\d{4}-\d\d-\d\d-/.test(n)).sort();
    const newest = meetings.reverse().find((m) => fs.readdirSync(path.join(sites[site].root, 'sammantraden', m)).some((p) => /^p\d+$/.test(p)));
    const paragraph = fs.readdirSync(path.join(sites[site].root, 'sammantraden', newest)).filter((p) => /^p\d+$/.test(p)).sort()[0];
    const page = fs.readFileSync(path.join(sites[site].root, 'sammantraden', newest, paragraph, 'index.html'), 'utf8');
    const abbreviation = /<h1>(\S+) §/.exec(page)[1];
    const isCase = (r) => r.href.endsWith(`arenden/${caseSlug}/index.html`);
    const isParagraph = (r) => r.href.endsWith(`sammantraden/${newest}/${paragraph}/index.html`);
    const [year, serial] = caseSlug.split('-').slice(-2);
    const number = paragraph.slice(1);
    return [
      { q: diarienummer, first: isCase },
      // Every spelling of the diarienummer: as printed on documents, with a
      // register it was not registered in, with a filing suffix, as in
      // the case's address, in any case.
      { q: `Dnr ${year}/${serial}-003`, first: isCase },
      { q: `${abbreviation.toUpperCase()} ${year}/${serial}`, first: isCase },
      { q: `dnr. ${abbreviation.toLowerCase()} ${year} / ${serial}`, first: isCase },
      { q: `${year}-${serial}`, first: isCase },
      { q: `${abbreviation} § ${number}`, first: isParagraph },
      { q: `§ ${number} ${abbreviation.toLowerCase()}`, first: isParagraph },
      { q: `${abbreviation.toUpperCase()} ${number}`, first: isParagraph },
      // A quoted year and number is a phrase, not an identifier: its pair
      // is in the year's pair shard of numbers with its first digit
      // (t/20.5 for 2019 595), which search.js must name as text.rs does.
      { q: `"${year} ${serial}"`, first: isCase, anywhere: true },
    ];
  };

  for (const site of ['demo', 'corpus']) {
    for (const where of ['http', 'file']) {
      test(`${site} over ${where}: identifiers come first, words, stems, prefixes and unaccented spelling all find`, async () => {
        const url = where === 'http' ? `${sites[site].server.url}sok/index.html` : fileUrl(sites[site].root, 'sok/index.html');
        await withPage({}, async (page) => {
          const errors = [];
          page.on('pageerror', (e) => errors.push(e.message));
          page.on('requestfailed', (r) => errors.push(`failed: ${r.url()}`));
          for (const { q, first, anywhere } of queries(site)) {
            const { results } = await searchFor(page, url, q);
            const found = anywhere ? results.some(first) : results.length > 0 && first(results[0]);
            assert.ok(found, `${q}: ${anywhere ? 'results' : 'first result'} ${JSON.stringify(anywhere ? results : results[0])}`);
          }
          if (site === 'corpus') {
            // A base form the archive lacks finds its other forms by their
            // stem, not only those it is a prefix of.
            const count = (status) => +(/(\d+) träff/.exec(status) || [0, 0])[1];
            const base = await searchFor(page, url, 'förskola');
            const plural = await searchFor(page, url, 'förskolor');
            assert.ok(count(plural.status) > 0, plural.status);
            assert.ok(count(base.status) >= count(plural.status), `förskola: ${base.status}, förskolor: ${plural.status}`);
            assert.ok(base.results.some((r) => /förskolor/i.test(r.title)), JSON.stringify(base.results.map((r) => r.title)));
          }
          if (site === 'demo') {
            // People are found by name, written with or without å, ä and ö,
            // and so are the paragraphs in which they moved.
            for (const q of ['sjölander', 'sjolander', 'Jon Sjölander']) {
              const { results } = await searchFor(page, url, q);
              assert.ok(results[0]?.href.endsWith('ledamoter/jon-sjolander/index.html'), `${q}: ${JSON.stringify(results[0])}`);
              assert.ok(results.some((r) => r.href.endsWith('2018-09-17-ks/p302/index.html')), `${q} finds Ks § 302: ${JSON.stringify(results.map((r) => r.href))}`);
            }
          }
          const prefix = await searchFor(page, url, 'digitalis');
          assert.ok(prefix.results.slice(0, 20).some((r) => /digitalisering/i.test(r.title)), `digitalis: ${JSON.stringify(prefix.results.slice(0, 3))}`);
          const exact = await searchFor(page, url, 'öppna data');
          const unaccented = await searchFor(page, url, 'oppna data');
          assert.ok(exact.results.length > 0);
          assert.deepEqual(unaccented.results.map((r) => r.href), exact.results.map((r) => r.href), 'oppna data finds what öppna data finds');
          const marks = await page.$$eval('#search-results mark', (els) => els.map((e) => e.textContent.toLowerCase()));
          assert.ok(marks.includes('öppna'), `typed without ö, öppna is highlighted: ${marks}`);
          assert.deepEqual(errors, []);
        });
      });
    }
  }

  test('the query lives in the URL, filters narrow it, the back button works, the count is announced', async () => {
    await withPage({}, async (page) => {
      const url = `${sites.corpus.server.url}sok/index.html`;
      const all = await searchFor(page, url, 'budget');
      assert.ok(all.results.length > 0);
      await page.waitForFunction(() => location.search === '?q=budget');
      assert.match(all.status, /\d+ träffar|1 träff/);
      assert.equal(await page.getAttribute('#search-status', 'role'), 'status');
      await page.selectOption('#filter-typ', 'case');
      await page.waitForFunction(() => location.search === '?q=budget&typ=case');
      await page.waitForFunction(() => {
        const kinds = [...document.querySelectorAll('#search-results .kind')];
        return kinds.length > 0 && kinds.every((k) => k.textContent === 'Ärende');
      });
      await page.goBack();
      await page.waitForFunction(() => location.search === '?q=budget');
      assert.equal(await page.inputValue('#filter-typ'), '');
      // A shared address opens with its search done.
      await page.goto(`${url}?q=budget&organ=ks`);
      await page.evaluate(() => window.insynSearchReady);
      assert.equal(await page.inputValue('#search-q'), 'budget');
      assert.equal(await page.inputValue('#filter-organ'), 'ks');
      const bodies = await page.$$eval('#search-results .meta', (els) => els.map((e) => e.textContent));
      assert.ok(bodies.length > 0 && bodies.every((b) => /Ks/.test(b)), bodies.join('\n'));
      // Filters alone list what they select, newest first.
      await page.goto(`${url}?organ=ks&typ=paragraph`);
      await page.evaluate(() => window.insynSearchReady);
      const listed = await page.$$eval('#search-results li', (items) => items.map((li) => li.textContent));
      assert.ok(listed.length === 10 && listed.every((t) => /^ParagrafKs §/.test(t)), listed.join('\n'));
      const dates = await page.$$eval('#search-results .meta', (els) => els.map((e) => e.textContent.slice(0, 10)));
      assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    });
  });

  test('counts and filters are exact: each equals a grep of the generated corpus', async () => {
    const root = sites.corpus.root;
    // The forms a word stands for, from the built dictionary: the word as
    // typed (or, typed without å, ä and ö, as spelt with them) and every
    // word with its stem.
    const fold = (w) => w.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    const readIndexFile = (name) => {
      let data;
      new Function('__insynSearch', fs.readFileSync(path.join(root, 'sok/index', `${name}.js`), 'utf8'))({ add: (_, d) => { data = d; } });
      return data;
    };
    // Every word of the dictionary, with its parts when it is a compound.
    const allWords = fs.readdirSync(path.join(root, 'sok/index/t')).filter((f) => /^[^.]+\.js$/.test(f))
      .flatMap((f) => readIndexFile(`t/${f.slice(0, -3)}`).filter((e) => e[0] === 'W'));
    const forms = (word) => {
      const dict = readIndexFile(`t/${fold(word).slice(0, 2).replace(/[^a-z0-9]/g, '_')}`);
      const own = (e) => e[3] || e[1];
      const plain = fold(word) === word;
      const stems = new Set(dict.filter((e) => e[0] === 'W' && (e[1] === word || (plain && fold(e[1]) === word))).map(own));
      // The word's forms, and with them the compounds that have one of
      // its stems as a part (which phrases do not stand for).
      const ownForms = allWords.filter((e) => stems.has(own(e))).map((e) => e[1]);
      const compounds = allWords.filter((e) => (e[4] || []).some((p) => stems.has(p))).map((e) => e[1]);
      return { own: new Set(ownForms), all: new Set([...ownForms, ...compounds]) };
    };
    const stopWords = new Set(readIndexFile('meta').stopWords);
    // Every published paragraph of the corpus: its body, year and words.
    const paragraphs = [];
    const meetings = path.join(sites.corpusContent, 'meetings');
    for (const year of fs.readdirSync(meetings)) {
      for (const folder of fs.readdirSync(path.join(meetings, year))) {
        for (const file of fs.readdirSync(path.join(meetings, year, folder))) {
          if (!/^\d+-.*\.md$/.test(file)) continue;
          const text = fs.readFileSync(path.join(meetings, year, folder, file), 'utf8');
          if (/^confidential: true$/m.test(text)) continue;
          const words = new Set(text.toLowerCase().split(/[^\p{L}\p{N}]+/u));
          // Where words stand side by side: the title, the text, each
          // document's title; stop words skipped, as the index skips them.
          // (and each proposal's and reservation's text and a vote's question)
          const titles = [...text.matchAll(/^ *(?:- )?(?:title|text|question): "(.*)"$/gm)].map((m) => m[1]);
          const streams = [...titles, text.split(/^---$/m)[2]].map((t) => t.toLowerCase()
            .split(/[^\p{L}\p{N}]+/u).filter((w) => (w.length > 1 || /^\d$/.test(w)) && !stopWords.has(w)));
          // Those who raised it, moved, supported a proposal or reserved.
          const people = new Set([...text.matchAll(/^ *(?:- )?(?:raised_by|by|supported_by): \[?([^\]\n]*)\]?$/gm)]
            .flatMap((m) => m[1].split(',').map((id) => id.trim())));
          paragraphs.push({ body: folder.slice(11), year: folder.slice(0, 4), words, streams, people });
        }
      }
    }
    const grep = (query, keep) => {
      const quoted = query.startsWith('"');
      const families = query.replace(/"/g, '').split(' ').map(forms);
      const sideBySide = (p) => p.streams.some((t) => t.some((w, i) => families[0].own.has(w) && families[1].own.has(t[i + 1])));
      return paragraphs.filter((p) => keep(p) && families.every((f) => [...f.all].some((w) => p.words.has(w)))
        && (!quoted || sideBySide(p))).length;
    };
    const years = [...new Set(paragraphs.map((p) => p.year))].sort();
    const year = years[Math.floor(years.length / 2)];
    const url = `${sites.corpus.server.url}sok/index.html`;
    await withPage({}, async (page) => {
      const counted = async (params) => {
        await page.goto(`${url}?${new URLSearchParams(params)}`);
        await page.evaluate(() => window.insynSearchReady);
        const status = await page.textContent('#search-status');
        return /^Inga/.test(status) ? 0 : +(/(\d+) träff/.exec(status) || [0, NaN])[1];
      };
      const acts = new Map();
      for (const p of paragraphs) for (const id of p.people) acts.set(id, (acts.get(id) || 0) + 1);
      const busiest = [...acts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
      const busyYear = paragraphs.find((p) => p.people.has(busiest)).year;
      const cases = [
        [{ q: 'beslut', typ: 'paragraph' }, () => true],
        [{ q: 'beslut', typ: 'paragraph', ar: year }, (p) => p.year === year],
        [{ q: 'budget', typ: 'paragraph', organ: 'ks' }, (p) => p.body === 'ks'],
        [{ q: 'öppna data', typ: 'paragraph' }, () => true],
        [{ q: 'öppna data', typ: 'paragraph', ar: year, organ: 'kf' }, (p) => p.year === year && p.body === 'kf'],
        // A quoted phrase: its words side by side.
        [{ q: '"öppna data"', typ: 'paragraph' }, () => true],
        [{ q: '"förslag beslut"', typ: 'paragraph', ar: year }, (p) => p.year === year],
        // A word finds the compounds that have it as a part.
        [{ q: 'strategi', typ: 'paragraph' }, () => true],
        [{ q: 'skola', typ: 'paragraph', ar: year }, (p) => p.year === year],
        // What one person raised, moved or reserved: the busiest's.
        [{ q: 'beslut', ledamot: busiest }, (p) => p.people.has(busiest)],
        [{ q: 'beslut', ledamot: busiest, ar: busyYear }, (p) => p.people.has(busiest) && p.year === busyYear],
      ];
      assert.ok(forms('strategi').all.has('digitaliseringsstrategi') && !forms('strategi').own.has('digitaliseringsstrategi'));
      assert.ok(forms('skola').all.has('förskolor'), [...forms('skola').all].join());
      const ownOnly = paragraphs.filter((p) => [...forms('strategi').own].some((w) => p.words.has(w))).length;
      assert.ok(grep('strategi', () => true) > ownOnly, 'compounds add matches');
      for (const [params, keep] of cases) {
        const expected = grep(params.q, keep);
        assert.ok(expected > 0, `${JSON.stringify(params)} finds something in the corpus`);
        assert.equal(await counted(params), expected, JSON.stringify(params));
      }
      // The count says what it counts: all the words, within the filters.
      await counted({ q: 'öppna data', typ: 'paragraph', organ: 'kf', ar: year });
      assert.match(await page.textContent('#search-status'), new RegExp(` med alla orden \\(Paragraf, Kommunfullmäktige, ${year}\\)\\.$`));
      await counted({ q: 'beslut' });
      assert.match(await page.textContent('#search-status'), /^\d+ träffar$/);
      await counted({ q: '"öppna data"' });
      assert.match(await page.textContent('#search-status'), /^\d+ träffar med alla orden, de citerade i följd\.$/);
      // Unquoted, documents holding the words side by side come first: the
      // first page is the phrase's.
      const firstPage = async (q) => {
        await counted({ q });
        return page.$$eval('#search-results a', (links) => links.map((a) => a.getAttribute('href')));
      };
      assert.ok(grep('"öppna data"', () => true) >= 10 && grep('öppna data', () => true) > grep('"öppna data"', () => true));
      assert.deepEqual(await firstPage('öppna data'), await firstPage('"öppna data"'));
      // `beslut` is in more documents than the index once kept postings
      // for (2 000): every paragraph has a "Beslut" heading.
      assert.ok(grep('beslut', () => true) > 1900);
    });
  });

  test('bodies, people, budget years and statistics indicators are results of their own kind, each a filter', async () => {
    await withPage({}, async (page) => {
      const url = `${sites.demo.server.url}sok/index.html`;
      const results = async (params) => {
        await page.goto(`${url}?${new URLSearchParams(params)}`);
        await page.evaluate(() => window.insynSearchReady);
        await page.waitForFunction(() => !document.querySelector('#search-results').hasAttribute('aria-busy'));
        return page.$$eval('#search-results li', (items) => items.map((li) => ({
          kind: li.querySelector('.kind').textContent,
          title: li.querySelector('a').textContent,
          href: li.querySelector('a').getAttribute('href'),
        })));
      };
      const shows = (list, kind, title, href) => list.some((r) => r.kind === kind && r.title === title && r.href.endsWith(href));
      const budget = await results({ q: 'budget' });
      assert.ok(shows(budget, 'Budget', 'Budget 2019', 'ekonomi/2019/index.html'), JSON.stringify(budget));
      const cost = await results({ q: 'nettokostnad' });
      assert.ok(shows(cost, 'Nyckeltal', 'Nettokostnad, kr/inv', 'statistik/ekonomi/index.html#n00002'), JSON.stringify(cost));
      const body = await results({ q: 'kommunstyrelsen', typ: 'body' });
      assert.deepEqual(body.map((r) => [r.kind, r.title]), [['Organ', 'Kommunstyrelsen']]);
      const rate = await results({ q: 'skattesats', typ: 'statistics' });
      assert.ok(rate.length > 0 && rate.every((r) => r.kind === 'Nyckeltal'), JSON.stringify(rate));
      const options = await page.$$eval('#filter-typ option', (els) => els.map((e) => e.value));
      assert.deepEqual(options, ['', 'case', 'paragraph', 'document', 'meeting', 'page', 'body', 'person', 'budget', 'statistics']);
      // A person is a result of their own kind, found by name.
      const someone = fs.readdirSync(path.join(sites.demo.root, 'ledamoter')).filter((n) => n !== 'index.html').sort()[0];
      const name = /<h1>([^<]+)<\/h1>/.exec(fs.readFileSync(path.join(sites.demo.root, 'ledamoter', someone, 'index.html'), 'utf8'))[1];
      const person = await results({ q: name, typ: 'person' });
      assert.ok(shows(person, 'Ledamot', name, `ledamoter/${someone}/index.html`), JSON.stringify(person));
      // A result leads to the indicator's own heading on its group's page.
      await results({ q: 'nettokostnad', typ: 'statistics' });
      await page.click('#search-results a[href$="#n00002"]');
      await page.waitForURL(/statistik\/ekonomi\/index\.html#n00002$/);
      assert.equal(await page.textContent('#n00002'), 'Nettokostnad, kr/inv');
    });
  });

  test('stop words in a query (och, om, för) are skipped as the index skips them', async () => {
    await withPage({}, async (page) => {
      const url = `${sites.corpus.server.url}sok/index.html`;
      const without = await searchFor(page, url, 'öppna data');
      const within = await searchFor(page, url, 'öppna och data');
      assert.ok(without.results.length > 0);
      assert.equal(within.status, without.status);
      assert.deepEqual(within.results.map((r) => r.href), without.results.map((r) => r.href));
      // A query of stop words only has no word to search for.
      assert.equal((await searchFor(page, url, 'och om')).status, 'Inga träffar.');
    });
  });

  test('one typo forgiven in a word of five letters or more, and said', async () => {
    await withPage({}, async (page) => {
      const url = `${sites.corpus.server.url}sok/index.html`;
      for (const [typed, meant] of [['digitalisring', 'digitalisering'], ['kollektivtrafk', 'kollektivtrafik']]) {
        const right = await searchFor(page, url, meant);
        const wrong = await searchFor(page, url, typed);
        assert.ok(right.results.length > 0, meant);
        assert.equal(wrong.status, `Visar träffar för ${meant}. ${right.status}`, typed);
        assert.deepEqual(wrong.results.map((r) => r.href), right.results.map((r) => r.href), typed);
        const marks = await page.$$eval('#search-results mark', (els) => els.map((e) => e.textContent.toLowerCase()));
        assert.ok(marks.some((m) => m.startsWith(meant.slice(0, 6))), `${typed}: the word read is highlighted: ${marks}`);
      }
      // A word the archive has is never read as another; a short word's
      // typo is not forgiven.
      assert.doesNotMatch((await searchFor(page, url, 'budget')).status, /Visar/);
      assert.equal((await searchFor(page, url, 'dasa')).status, 'Inga träffar.');
    });
  });

  test('honest while it works: busy and never an older query\'s results, a failed load said, highlights at word starts', async () => {
    await withPage({}, async (page) => {
      const url = `${sites.corpus.server.url}sok/index.html`;
      const { results } = await searchFor(page, url, 'budget');
      assert.ok(results.length > 0);
      // The next query's dictionary answers slowly: meanwhile the list is
      // busy and shows nothing of "budget".
      let release;
      const held = new Promise((resolve) => { release = resolve; });
      await page.route('**/sok/index/t/mo.js', async (route) => { await held; await route.continue(); });
      await page.fill('#search-q', 'motion');
      await page.waitForFunction(() => document.querySelector('#search-results').getAttribute('aria-busy') === 'true');
      assert.equal(await page.locator('#search-results li').count(), 0);
      assert.equal(await page.textContent('#search-status'), 'Söker …');
      release();
      await page.waitForFunction(() => !document.querySelector('#search-results').hasAttribute('aria-busy'));
      assert.ok(await page.locator('#search-results li').count() > 0);
      // Marks start at a word's start, never inside a word ("ks" marks
      // "Ks §", not "verKSamheten").
      const ks = await searchFor(page, url, 'ks');
      assert.ok(ks.results.length > 0);
      assert.ok(await page.locator('#search-results mark').count() > 0);
      const inside = await page.$$eval('#search-results mark', (marks) => marks.filter((m) => {
        const before = m.previousSibling && m.previousSibling.textContent;
        return before && /[\p{L}\p{N}]$/u.test(before);
      }).map((m) => m.parentElement.textContent));
      assert.deepEqual(inside, []);
      // An index file that fails to load is said, not an empty page.
      await page.route('**/sok/index/t/bu.js', (route) => route.abort());
      await page.goto(url);
      await page.evaluate(() => window.insynSearchReady);
      await page.fill('#search-q', 'busstrafik');
      await page.waitForFunction(() => /kunde inte läsas in/.test(document.querySelector('#search-status').textContent));
      assert.equal(await page.locator('#search-results li').count(), 0);
    });
  });

  test('a one-word query loads its dictionary shard and a few postings files; more results load result shards', async () => {
    await withPage({}, async (page) => {
      const loaded = [];
      page.on('request', (r) => { const m = /sok\/index\/(.+)\.js$/.exec(r.url()); if (m) loaded.push(m[1]); });
      const url = `${sites.corpus.server.url}sok/index.html`;
      for (const q of ['budget', 'digitalis', 'motion']) {
        loaded.length = 0;
        const { results } = await searchFor(page, url, q);
        assert.equal(results.length, 10, q);
        const kinds = loaded.filter((n) => n !== 'meta').map((n) => n.split('/')[0]);
        assert.deepEqual(kinds.filter((k) => k !== 'p'), ['t'], `${q} loaded ${loaded}`);
        assert.ok(kinds.length <= 5, `${q} loaded ${loaded}`);
      }
      // The next page continues the same ranking, from the result shards.
      const first = (await page.$$eval('#search-results li a', (as) => as.map((a) => a.href)));
      loaded.length = 0;
      await page.click('#search-more');
      await page.waitForFunction(() => document.querySelectorAll('#search-results li').length === 20);
      const both = await page.$$eval('#search-results li a', (as) => as.map((a) => a.href));
      assert.deepEqual(both.slice(0, 10), first);
      assert.equal(new Set(both).size, 20);
      assert.ok(loaded.some((n) => n.startsWith('d/')), `more results loaded ${loaded}`);
    });
  });

  test('with results on screen: no axe violations, every result reachable by keyboard', async () => {
    for (const site of ['demo', 'corpus']) {
      await withPage({}, async (page) => {
        const url = `${sites[site].server.url}sok/index.html?q=motion`;
        await page.goto(url);
        await page.evaluate(() => window.insynSearchReady);
        assert.deepEqual(await axeProblems(page), []);
        assert.deepEqual(await keyboardProblems(page), []);
      });
    }
  });

  test('without JavaScript the search page says so and links to the case and meeting lists', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${sites.demo.server.url}sok/index.html`);
      const text = await page.locator('main').innerText();
      assert.match(text, /Sökningen behöver JavaScript/);
      assert.equal(await page.locator('main a[href$="arenden/index.html"]').count(), 1);
      assert.equal(await page.locator('main a[href$="sammantraden/index.html"]').count(), 1);
    } finally {
      await context.close();
    }
  });
});

// Item 4 (every relative link and fragment resolves) is checked on the same
// two portals by the Rust suite: tests/testsuite/build.rs `broken_links`,
// proven on tests/fixtures/broken-links.

describe('each check fails on a deliberately broken page', () => {
  test('1. axe finds a missing alt text and low contrast', async () => {
    const problems = await withPage({}, async (page) => {
      await page.goto(brokenUrl('axe-violations.html'));
      return axeProblems(page);
    });
    assert.ok(problems.some((p) => p.startsWith('image-alt')), problems.join('\n'));
    assert.ok(problems.some((p) => p.startsWith('color-contrast')), problems.join('\n'));
  });

  for (const [fixture, expected] of [
    ['keyboard-no-skip-link.html', /first tab stop is not a skip link/],
    ['keyboard-trap.html', /focus is trapped/],
    ['keyboard-no-focus-style.html', /no visible focus indicator/],
  ]) {
    test(`2. keyboard: ${fixture}`, async () => {
      const problems = await withPage({}, async (page) => {
        await page.goto(brokenUrl(fixture));
        return keyboardProblems(page);
      });
      assert.ok(problems.some((p) => expected.test(p)), problems.join('\n') || 'no problem found');
    });
  }

  test('3. the Nu Html Checker finds invalid HTML; the XML checks find broken XML and a feed that is not Atom', () => {
    const problems = vnuProblems([path.join(BROKEN, 'invalid.html')]);
    assert.ok(problems.some((p) => /Duplicate ID/.test(p)), problems.join('\n'));
    assert.notDeepEqual(xmlProblems(path.join(BROKEN, 'not-well-formed.xml'), 'sitemap'), []);
    assert.deepEqual(xmlProblems(path.join(BROKEN, 'not-atom.xml'), 'atom'), ['not an Atom feed (feed in the Atom namespace)']);
  });

  test('5 and 6. loading finds a missing stylesheet, a missing image, console and script errors', async () => {
    const problems = await withPage({}, (page) => loadProblems(page, brokenUrl('offline-broken.html')));
    for (const expected of [/failed request: .*saknas\.css/, /failed request: .*saknas\.png/, /console error: fel/, /script error: .*undefinedFunction/, /stylesheet did not apply/]) {
      assert.ok(problems.some((p) => expected.test(p)), `${expected}\n${problems.join('\n')}`);
    }
  });

  test('7. a 900 px wide element scrolls sideways at 320 px', async () => {
    const problems = await withPage({ viewport: { width: 320, height: 640 } }, async (page) => {
      await page.goto(brokenUrl('too-wide.html'));
      return overflowProblems(page);
    });
    assert.equal(problems.length, 1, problems.join('\n'));
  });

  test('8. a page that needs JavaScript for its content', async () => {
    const on = await browser.newContext();
    const off = await browser.newContext({ javaScriptEnabled: false });
    try {
      const problems = await noScriptProblems(await on.newPage(), await off.newPage(), brokenUrl('needs-javascript.html'));
      assert.ok(problems.length >= 2, problems.join('\n'));
    } finally {
      await on.close();
      await off.close();
    }
  });
});
