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
  ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, ROOT, axeProblems, buildSite, generateCorpus,
  keyboardProblems, loadProblems, noScriptProblems, overflowProblems, pageTypes, serve,
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
  for (const [name, root] of [['demo', demo], ['corpus', corpus]]) {
    sites[name] = { root, types: pageTypes(root), server: await serve(root, PREFIX) };
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  for (const site of Object.values(sites)) await site.server.close();
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
      const problems = await everyPage(site, async (rel) => {
        const on = await browser.newContext();
        const off = await browser.newContext({ javaScriptEnabled: false });
        try {
          return await noScriptProblems(await on.newPage(), await off.newPage(), `${sites[site].server.url}${rel}`);
        } finally {
          await on.close();
          await off.close();
        }
      });
      assert.deepEqual(problems, []);
    });
  });
}

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
