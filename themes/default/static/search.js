// Insyn search: answers from the static index in sok/index/ (see
// src/search/mod.rs). Plain JavaScript, no dependencies. Index files are
// scripts, so this works over http(s) and from a folder opened from disk.
(function () {
  'use strict';
  var script = document.currentScript;
  var base = new URL('sok/index/', script.src).href;
  var root = new URL('./', script.src).href;
  var files = {};
  var waiting = {};
  window.__insynSearch = {
    add: function (name, data) {
      files[name] = data;
      if (waiting[name]) waiting[name].forEach(function (w) { w.resolve(data); });
      delete waiting[name];
    }
  };

  /** Load one index file (once); resolves to its data. */
  function load(name) {
    if (name in files) return Promise.resolve(files[name]);
    return new Promise(function (resolve, reject) {
      if (waiting[name]) { waiting[name].push({ resolve: resolve, reject: reject }); return; }
      waiting[name] = [{ resolve: resolve, reject: reject }];
      var tag = document.createElement('script');
      tag.src = base + name + '.js';
      tag.async = true;
      tag.onerror = function () {
        // Everyone waiting hears of it; a later query may try again.
        var error = new Error('cannot load ' + name);
        (waiting[name] || []).forEach(function (w) { w.reject(error); });
        delete waiting[name];
        tag.remove();
      };
      document.head.appendChild(tag);
    });
  }

  var FOLD = { 'å': 'a', 'ä': 'a', 'à': 'a', 'á': 'a', 'â': 'a', 'ö': 'o', 'ø': 'o', 'ó': 'o', 'ô': 'o', 'é': 'e', 'è': 'e', 'ê': 'e', 'ë': 'e', 'ü': 'u', 'ú': 'u' };
  function fold(w) { return w.replace(/[åäàáâöøóôéèêëüú]/g, function (c) { return FOLD[c]; }); }
  /** The words of a query, less the stop words the index leaves out. */
  function words(q, meta) {
    return q.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) {
      return (w.length > 1 || /^\d$/.test(w)) && meta.stopWords.indexOf(w) < 0;
    });
  }
  function shardKey(w) { return fold(w).slice(0, 2).replace(/[^a-z0-9]/g, '_'); }
  /** Base 64 to bytes. */
  function bytesOf(b64) {
    var raw = atob(b64), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  // The digits of numbers in postings and sets: below 32 a number's last,
  // from 32 on five bits of a number that goes on (highest first).
  var DIGIT = new Int8Array(128);
  '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_'.split('').forEach(function (c, i) { DIGIT[c.charCodeAt(0)] = i; });
  /** The numbers written one after the other from `from` to `to`. */
  function numbers(encoded, from, to) {
    var out = [], n = 0;
    for (var i = from; i < to; i++) {
      var d = DIGIT[encoded.charCodeAt(i)];
      if (d >= 32) { n = n * 32 + d - 32; continue; }
      out.push(n * 32 + d);
      n = 0;
    }
    return out;
  }
  /**
   * The documents of a set as the index writes it, ascending: runs (`=`
   * and the lengths of the runs out of it and in it, from 0), Rice-coded
   * gaps (`^`, then k, how many and the first as numbers, then base 64:
   * each gap less one in unary, ones and a zero, then its k low bits) or a
   * bitmap (`first byte:base 64`); a long set in segments, each a set in
   * one of these forms, `;` between them, in order.
   */
  function setIds(encoded) {
    if (encoded.indexOf(';') >= 0) return joined(encoded.split(';').map(setIds));
    var first = encoded.charCodeAt(0);
    return first === 61 ? runIds(encoded) : first === 94 ? riceIds(encoded) : bitmapIds(encoded);
  }
  /** Lists of documents one after the other, as one. */
  function joined(lists) {
    var count = 0, at = 0, i;
    for (i = 0; i < lists.length; i++) count += lists[i].length;
    var out = new Int32Array(count);
    for (i = 0; i < lists.length; i++) {
      out.set(lists[i], at);
      at += lists[i].length;
    }
    return out;
  }
  /** The documents of runs (`=`, lengths out and in from 0). */
  function runIds(encoded) {
    var runs = numbers(encoded, 1, encoded.length), at = 0, count = 0, i;
    for (i = 1; i < runs.length; i += 2) count += runs[i];
    var out = new Int32Array(count);
    count = 0;
    for (i = 0; i < runs.length; i += 2) {
      at += runs[i];
      for (var id = at; id < at + runs[i + 1]; id++) out[count++] = id;
      at += runs[i + 1];
    }
    return out;
  }
  /** The documents of Rice-coded gaps (`^k count first bits`). */
  function riceIds(encoded) {
    // Its header: three numbers, each ending at a digit below 32.
    var end = 1;
    for (var read = 0; read < 3; end++) if (DIGIT[encoded.charCodeAt(end)] < 32) read++;
    var head = numbers(encoded, 1, end), k = head[0], mask = (1 << k) - 1;
    // Four bytes more, so that a 32-bit read at the end stays in them.
    var raw = atob(encoded.slice(end)), bytes = new Uint8Array(raw.length + 4), i;
    for (i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    var out = new Int32Array(head[1]), id = head[2], pos = 0, b, v, q, ones;
    out[0] = id;
    for (i = 1; i < out.length; i++) {
      // The quotient's ones, 25 bits at a time (what a 32-bit read from
      // any bit holds): its end is the lowest zero.
      q = 0;
      for (;;) {
        b = pos >> 3;
        v = ((bytes[b] | bytes[b + 1] << 8 | bytes[b + 2] << 16 | bytes[b + 3] << 24) >>> (pos & 7)) & 0x1ffffff;
        ones = 31 - Math.clz32(~v & (v + 1));
        q += ones;
        pos += ones;
        if (ones < 25) break;
      }
      pos++;
      b = pos >> 3;
      v = (bytes[b] | bytes[b + 1] << 8 | bytes[b + 2] << 16 | bytes[b + 3] << 24) >>> (pos & 7);
      id += q * (mask + 1) + (v & mask) + 1;
      pos += k;
      out[i] = id;
    }
    return out;
  }
  /** The documents of a bitmap (`first byte:base 64`). */
  function bitmapIds(encoded) {
    var set = bitmap(encoded), bytes = set.bytes, out = new Int32Array(bytes.length * 8), n = 0;
    for (var i = 0; i < bytes.length; i++) {
      for (var byte = bytes[i]; byte; byte &= byte - 1) out[n++] = set.from + i * 8 + 31 - Math.clz32(byte & -byte);
    }
    return out.subarray(0, n);
  }
  /** A bitmap (`first byte:base 64`) from the byte it starts at. */
  function bitmap(encoded) {
    var colon = encoded.indexOf(':');
    return { from: parseInt(encoded.slice(0, colon), 36) * 8, bytes: bytesOf(encoded.slice(colon + 1)) };
  }
  /** Is a set written as one bitmap (rather than as runs, Rice-coded or in segments)? */
  function isBitmap(encoded) {
    var first = encoded.charCodeAt(0);
    return first !== 61 && first !== 94 && encoded.indexOf(';') < 0;
  }
  /** A set of documents in any form, as a bitmap to look numbers up in. */
  function bits(encoded) {
    if (isBitmap(encoded)) return bitmap(encoded);
    var ids = setIds(encoded), bytes = new Uint8Array(ids.length ? (ids[ids.length - 1] >> 3) + 1 : 0);
    for (var i = 0; i < ids.length; i++) bytes[ids[i] >> 3] |= 1 << (ids[i] & 7);
    return { from: 0, bytes: bytes };
  }
  function has(set, id) {
    var at = (id - set.from) >> 3;
    return at >= 0 && at < set.bytes.length && (set.bytes[at] & (1 << ((id - set.from) & 7))) !== 0;
  }
  /** Is a document in every one of the sets (the filters chosen)? */
  function inEvery(sets, id) {
    for (var i = 0; i < sets.length; i++) if (!has(sets[i], id)) return false;
    return true;
  }
  /**
   * Add a term's postings to the scores: each document's best so far in
   * `best` (`weight`, or `titled` where the term is in its title), and the
   * documents not yet there to `ids` from `count` on; returns the new
   * count. Postings are gaps (the gap times two plus one for a title
   * match) or `~set|title gaps`; a bitmap is only looked up at the
   * documents of `within` (the first `within.count` of `within.ids`) when
   * given. One loop, no call per posting: a common word has tens of
   * thousands, and this runs cold.
   */
  function accumulate(encoded, weight, titled, best, ids, count, within) {
    if (!encoded) return count;
    var id = 0, n = 0, i, d;
    if (encoded.charCodeAt(0) !== 126) {
      for (i = 0; i < encoded.length; i++) {
        d = DIGIT[encoded.charCodeAt(i)];
        if (d >= 32) { n = n * 32 + d - 32; continue; }
        n = n * 32 + d;
        id += Math.floor(n / 2);
        var s = n % 2 ? titled : weight;
        if (best[id] === 0) ids[count++] = id;
        if (s > best[id]) best[id] = s;
        n = 0;
      }
      return count;
    }
    var bar = encoded.indexOf('|'), set = encoded.slice(1, bar);
    if (within && isBitmap(set)) {
      // A bitmap: looked up at the candidates rather than read whole.
      var map = bitmap(set);
      for (i = 0; i < within.count; i++) {
        id = within.ids[i];
        if (!has(map, id)) continue;
        if (best[id] === 0) ids[count++] = id;
        if (weight > best[id]) best[id] = weight;
      }
    } else {
      var all = setIds(set);
      for (i = 0; i < all.length; i++) {
        id = all[i];
        if (best[id] === 0) ids[count++] = id;
        if (weight > best[id]) best[id] = weight;
      }
    }
    // The title matches (few), all in the set.
    var gaps = numbers(encoded, bar + 1, encoded.length);
    for (i = 0, id = 0; i < gaps.length; i++) {
      id += gaps[i];
      if (best[id] === 0) ids[count++] = id;
      if (titled > best[id]) best[id] = titled;
    }
    return count;
  }

  /**
   * Add the scores `accumulate` kept in `best` for the first `count` of
   * `ids` to `total`, clear them, and count each document in `seen` (when
   * given).
   */
  function addUp(ids, count, best, total, seen) {
    for (var i = 0; i < count; i++) {
      var id = ids[i];
      total[id] += best[id];
      best[id] = 0;
      if (seen) seen[id]++;
    }
  }

  /**
   * Offer to `found` (a `Top`) each of the first `count` candidates that
   * holds all `words` words (`held`) and all `links` phrase links
   * (`phrased`) and is in every filter's set, scored by `total`; returns
   * how many were.
   */
  function select(candidates, count, held, words, phrased, links, total, filters, found) {
    var offered = 0;
    for (var i = 0; i < count; i++) {
      var id = candidates[i];
      if (held[id] !== words || phrased[id] !== links || !inEvery(filters, id)) continue;
      offered++;
      found.add(total[id], id);
    }
    return offered;
  }

  // Weights: a word the archive has (with all its forms) above a guessed
  // stem above prefixes; typed without å, ä and ö where the archive has the
  // word as typed too, a little less; titles count triple.
  var EXACT = 10, STEM = 6, GUESSED_STEM = 4, PREFIX = 3, FOLDED = 0.8, TITLE = 3, IDENTIFIER = 1e6, POSTINGS_FILES = 4;
  // Two words of the query side by side in a document (stop words
  // skipped): documents holding more of them rank first, whatever their
  // words' scores.
  var SIDE_BY_SIDE = 1000;
  // A compound that has a word as a part, below the word's own forms.
  var PART = 2;

  /**
   * Are two words one edit apart: a letter changed, added or left out, or
   * two neighbours swapped?
   */
  function oneEditApart(a, b) {
    if (a === b || Math.abs(a.length - b.length) > 1) return false;
    var i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true;
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  /**
   * The stems whose documents match one query word: [[stem entry, weight],
   * …]. A stem's postings are every document with a word of that stem. A
   * word the archive has matches its stem (as typed, or typed without å,
   * ä and ö: the stems of the words spelt with them), so counts are exact;
   * a word it does not have (one being typed, a base form it lacks)
   * matches the stems of its best prefixes instead, or else, when `typo`
   * is given and the word has five letters or more, the word one typo away
   * (noted in `typo.to`).
   */
  function matches(word, dict, typo) {
    var stemEntry = {}, weights = {}, plain = fold(word) === word;
    dict.forEach(function (e) { if (e[0] === 'S') stemEntry[e[1]] = e; });
    var stemOf = function (e) { return e[0] === 'S' ? e[1] : e[3] || e[1]; };
    var add = function (e, w) {
      var stem = stemOf(e);
      if (stemEntry[stem] && !(weights[stem] >= w)) weights[stem] = w;
    };
    var words = dict.filter(function (e) { return e[0] === 'W'; });
    var asTyped = words.some(function (e) { return e[1] === word; });
    words.forEach(function (e) {
      if (e[1] === word) add(e, EXACT);
      else if (plain && fold(e[1]) === word) add(e, asTyped ? EXACT * FOLDED : EXACT);
    });
    var exact = Object.keys(weights).length > 0;
    if (!exact) {
      dict.forEach(function (e) {
        // A base form the archive does not have ("förskola"): its stem is
        // the word less its last letter ("förskol", which "förskolor" and
        // "förskolan" share), a little above its prefixes.
        if (e[0] === 'S' && e[1].length >= 4 && e[1].length === word.length - 1 && word.indexOf(e[1]) === 0) add(e, GUESSED_STEM);
        else if (e[0] === 'W' && e[1].indexOf(word) === 0) add(e, PREFIX);
        else if (e[0] === 'W' && plain && fold(e[1]).indexOf(word) === 0) add(e, PREFIX * FOLDED);
      });
    }
    if (!Object.keys(weights).length && typo) {
      // One typo forgiven in a word of five letters or more: the most
      // common word one edit away, said to the reader.
      var near = words.filter(function (e) { return e[1].length >= 5 && oneEditApart(e[1], word); });
      near.sort(function (a, b) { return b[2] - a[2] || (a[1] < b[1] ? -1 : 1); });
      if (near.length) {
        typo.to = near[0][1];
        return matches(near[0][1], dict);
      }
    }
    if (!Object.keys(weights).length) {
      // A form the archive does not have ("strategins"): its stem is a
      // shorter word or stem that it starts with (Swedish stemming strips
      // suffixes).
      dict.forEach(function (e) {
        if ((e[0] === 'W' || e[0] === 'S') && e[1].length >= 3 && word.indexOf(e[1]) === 0 && word.length - e[1].length <= 5) add(e, STEM);
      });
    }
    var out = Object.keys(weights).map(function (stem) { return [stemEntry[stem], weights[stem]]; });
    if (exact) return withParts(out, dict);
    // Of a word's prefixes the best are enough: at most 24 stems, from at
    // most four postings files, so a common prefix ("kommun") stays a
    // small download.
    var files = {}, loaded = 0;
    return withParts(out.sort(function (a, b) { return b[1] - a[1] || b[0][2] - a[0][2]; }).filter(function (m) {
      var file = m[0][3];
      if (typeof file === 'string' || file in files) return true;
      if (loaded === POSTINGS_FILES) return false;
      files[file] = true;
      loaded++;
      return true;
    }).slice(0, 24), dict);
  }

  /**
   * A word's stems, and for each stem it stands for (not a prefix's) the
   * compounds that have it as a part (`strategi` in
   * "digitaliseringsstrategi", `Cstrategi`), ranked below.
   */
  function withParts(found, dict) {
    var part = {};
    dict.forEach(function (e) { if (e[0] === 'C') part[e[1]] = e; });
    return found.concat(found.filter(function (m) { return m[1] >= GUESSED_STEM && part[m[0][1]]; })
      .map(function (m) { return [part[m[0][1]], PART]; }));
  }

  // Results already at hand: a frequent term's postings file carries what
  // its best documents show, so a one-word query rarely loads more.
  var known = {};
  // A frequent term's postings are in a chunk of its dictionary shard:
  // `p/<shard>-<n>`. Resolves to the encoded postings.
  function termPostings(entry, key) {
    if (typeof entry[3] === 'string') return Promise.resolve(entry[3]);
    return load('p/' + key + '-' + entry[3]).then(function (chunk) {
      Object.keys(chunk.d).forEach(function (id) { known[id] = chunk.d[id]; });
      return chunk.p[entry[0] + entry[1]];
    });
  }

  // Words that label a diarienummer without naming its register.
  var LABELS = ['dnr', 'diarienr', 'diarienummer'];

  /** Is a word the id or abbreviation of a body (`kf`, `KS`)? Its index, or -1. */
  function bodyNamed(word, meta) {
    var w = fold((word || '').toLowerCase());
    for (var i = 0; i < meta.bodies.length; i++) {
      var b = meta.bodies[i];
      if (w && (w === fold(b.abbreviation.toLowerCase()) || w === b.id)) return i;
    }
    return -1;
  }

  /**
   * A diarienummer in the query, written as on documents (`KS 2019/196`,
   * `Dnr 2019/196-003`, `2019/196`) or as in a case's address (`2019-196`,
   * `ks-2019-196`), in any case: its register (when one is named), year,
   * serial, the text it takes up and the words before it that are not its
   * label or register (they stay words of the query).
   */
  function caseNumber(q, meta) {
    var written = /(^|[^\p{L}\p{N}])((?:\p{L}+[.:]?\s*){0,2})(\d{4})\s*\/\s*(\d{1,9})(?:\s*-\s*(?:\p{L}+\s*)?\d+)?/u.exec(q);
    var address = /(^|[^\p{L}\p{N}-])(?:(\p{L}+)-)?(\d{4})-(\d{1,9})(?![\p{N}-])/u.exec(q);
    var m = written || address;
    if (!m) return null;
    var registry = null, kept = [];
    m[2] && m[2].split(/[.:\s]+/).filter(Boolean).forEach(function (w) {
      var f = fold(w.toLowerCase());
      if (LABELS.indexOf(f) >= 0) return;
      if (meta.caseRegistries.indexOf(f) >= 0 || bodyNamed(w, meta) >= 0) registry = f;
      else kept.push(w);
    });
    return { registry: registry, year: +m[3], serial: +m[4], text: m[0].slice(m[1].length), kept: kept.join(' ') };
  }

  /**
   * `Kf § 63`, `§ 63 kf`, `§ 63` (every body's) or `KF 63`: the bodies
   * and the number, and the text it takes up.
   */
  function paragraphNumber(q, meta) {
    var p = /(?:^|[^\p{L}\p{N}])(?:(\p{L}+)\s*)?§\s*(\d{1,5})(?:\s*(\p{L}+))?/u.exec(q);
    if (p) {
      var named = [p[1], p[3]].map(function (w) { return bodyNamed(w, meta); }).filter(function (b) { return b >= 0; });
      // The words beside it that name no body stay words of the query.
      var text = p[0].replace(/^[^\p{L}\p{N}§]+/u, '');
      if (p[1] && bodyNamed(p[1], meta) < 0) text = text.replace(/^\p{L}+\s*/u, '');
      if (p[3] && bodyNamed(p[3], meta) < 0) text = text.replace(/(\d)\s*\p{L}+$/u, '$1');
      var all = meta.bodies.map(function (_, i) { return i; });
      return { bodies: named.length ? [named[0]] : all, number: +p[2], text: text };
    }
    var re = /(?:^|[^\p{L}\p{N}])(\p{L}+)\s+(\d{1,5})(?![\p{N}\/-])/gu, m;
    while ((m = re.exec(q)) !== null) {
      var b = bodyNamed(m[1], meta);
      if (b >= 0) return { bodies: [b], number: +m[2], text: m[0].replace(/^[^\p{L}]+/u, '') };
    }
    return null;
  }

  /**
   * Exact identifiers in the query: a diarienummer (every spelling of it:
   * the case as written first, then the same number in any register) or a
   * § number. Returns the matching documents and the query without the
   * identifiers' words.
   */
  function identifiers(q, meta) {
    var found = [], rest = q;
    var c = caseNumber(rest, meta);
    if (c && meta.caseYears.indexOf(c.year) >= 0) {
      var number = c.year + '-' + c.serial, wanted = c.registry ? c.registry + '-' + number : number;
      found.push(load('i/case-' + c.year).then(function (map) {
        var slugs = Object.keys(map).filter(function (s) { return s === number || s.slice(-number.length - 1) === '-' + number; });
        slugs.sort(function (a, b) { return (b === wanted) - (a === wanted) || (a < b ? -1 : 1); });
        return slugs.map(function (s) { return map[s]; });
      }));
      rest = rest.replace(c.text, ' ' + c.kept + ' ');
    }
    var p = paragraphNumber(rest, meta);
    if (p) {
      rest = rest.replace(p.text, ' ');
      p.bodies.forEach(function (b) {
        var file = 'p-' + meta.bodies[b].id + '-' + Math.floor(p.number / 100);
        if (meta.paragraphFiles.indexOf(file) >= 0) {
          found.push(load('i/' + file).then(function (map) { return map[p.number] || []; }));
        }
      });
    }
    return {
      rest: rest,
      ids: Promise.all(found).then(function (lists) { return [].concat.apply([], lists); })
    };
  }

  function facet(name, meta) {
    if (meta.facets.indexOf(name) < 0) return Promise.resolve({ from: 0, bytes: new Uint8Array(0) });
    return load('f/' + name).then(bits);
  }

  /**
   * The arrays a query scores in, one slot per document number: made
   * once per page (megabytes at 100 000 paragraphs) and cleared for each
   * query; `best` is left clear by every use.
   */
  var scratch = null;
  function arrays(n) {
    if (!scratch || scratch.total.length !== n) {
      scratch = {
        total: new Float64Array(n), held: new Uint16Array(n), best: new Float32Array(n),
        phrased: new Uint16Array(n), firstWord: new Int32Array(n), others: new Int32Array(n)
      };
    }
    scratch.total.fill(0);
    scratch.held.fill(0);
    scratch.phrased.fill(0);
    return scratch;
  }

  /** Does a document rank above a kept one (`[score, id]`)? */
  function ahead(score, id, kept) { return score > kept[0] || (score === kept[0] && id > kept[1]); }
  /** The best k documents offered, by score then newest (highest id). */
  function Top(k) { this.k = k; this.kept = []; }
  Top.prototype.add = function (score, id) {
    var kept = this.kept, i = kept.length;
    if (i === this.k && !ahead(score, id, kept[i - 1])) return;
    while (i > 0 && ahead(score, id, kept[i - 1])) i--;
    kept.splice(i, 0, [score, id]);
    if (kept.length > this.k) kept.pop();
  };
  Top.prototype.ids = function () { return this.kept.map(function (c) { return c[1]; }); };

  /**
   * The words of a query (identifiers taken out) and the links between
   * neighbours: inside quotes a phrase, whose words must stand side by
   * side (stop words skipped); elsewhere words that rank higher side by
   * side.
   */
  function parse(q, meta) {
    var list = [], links = [], phrases = 0;
    q.split('"').forEach(function (part, i) {
      var quoted = i % 2 === 1, found = words(part, meta);
      if (quoted && found.length > 1) phrases++;
      found.forEach(function (w, j) {
        if (j > 0) links.push({ a: list.length - 1, b: list.length, phrase: quoted });
        list.push(w);
      });
    });
    return { list: list, links: links, phrases: phrases };
  }

  /**
   * The group of second letters whose pairs share a shard (as text.rs's
   * pair_group): a word's, a number's (or a sign's), but a year's pairs
   * with numbers by the number's first digit.
   */
  function pairGroup(firstKey, letter) {
    if (letter >= 'a' && letter <= 'z') return 'a';
    var year = firstKey === '19' || firstKey === '20';
    return year && letter >= '0' && letter <= '9' ? letter : '0';
  }

  /**
   * The pairs of two words' stems the index has: `P<first> <second>` in
   * the pair shard `t/<first's key>.<group of second's first letter>`. Each word
   * stands for every spelling of it the archive has (typed without å, ä
   * and ö, the word with them too).
   */
  function pairsOf(first, second) {
    var pairs = [];
    first.stems.forEach(function (a) {
      second.stems.forEach(function (b) {
        var group = pairGroup(first.key, shardKey(b)[0]);
        // The first word's shard lists the pair shards of its key.
        if (shardKey(a) !== first.key || first.pairShards.indexOf(group) < 0) return;
        pairs.push({ shard: first.key + '.' + group, term: a + ' ' + b });
      });
    });
    return pairs;
  }

  /** The postings of the pairs of two words' stems. */
  function pairPostings(first, second) {
    return Promise.all(pairsOf(first, second).map(function (pair) {
      return load('t/' + pair.shard).then(function (dict) {
        var entry = dict.filter(function (e) { return e[0] === 'P' && e[1] === pair.term; })[0];
        return entry ? termPostings(entry, pair.shard) : '';
      });
    }));
  }

  /**
   * A query word's dictionary entries: the stems that match it, with their
   * weights, and `own`, the stems of the word as the archive has it, its
   * shard and the shard's pair shards (for pairs).
   */
  function wordEntries(word, meta, typo) {
    var key = shardKey(word);
    if (meta.shards.indexOf(key) < 0) return Promise.resolve({ found: [], own: { key: key, pairShards: '', stems: [] } });
    return load('t/' + key).then(function (dict) {
      var found = matches(word, dict, typo);
      var own = found.filter(function (m) { return m[1] >= EXACT * FOLDED; }).map(function (m) { return m[0][1]; });
      var pairShards = dict.filter(function (e) { return e[0] === 'N'; }).map(function (e) { return e[1]; }).join('');
      return { found: found, own: { key: key, pairShards: pairShards, stems: own } };
    });
  }

  /**
   * How many documents match a query and filters, and the best k. A
   * document matches when it holds every word of the query (a form of it),
   * or is named by an identifier in it. Scores are kept by document number
   * in typed arrays: a common word's tens of thousands of documents cost a
   * pass over an array, not a map.
   */
  function search(q, filters, k) {
    return load('meta').then(function (meta) {
      var exact = identifiers(q, meta);
      var parsed = parse(exact.rest, meta), list = parsed.list;
      var corrected = list.map(function (word) { return { from: word, to: null }; });
      // Each word's dictionary entries, then its stems' postings with
      // their weights; the pairs of neighbouring words as soon as both
      // words' entries are known.
      var entries = list.map(function (word, i) { return wordEntries(word, meta, word.length >= 5 ? corrected[i] : null); });
      var perWord = Promise.all(entries.map(function (entry) {
        return entry.then(function (w) {
          return Promise.all(w.found.map(function (m) {
            return termPostings(m[0], w.own.key).then(function (encoded) { return [encoded, m[1], m[0][2]]; });
          }));
        });
      }));
      var perLink = Promise.all(entries).then(function (w) {
        return Promise.all(parsed.links.map(function (link) { return pairPostings(w[link.a].own, w[link.b].own); }));
      });
      var filterNames = Object.keys(filters).filter(function (k) { return filters[k]; }).map(function (k) { return k + '-' + filters[k]; });
      return Promise.all([perWord, exact.ids, Promise.all(filterNames.map(function (n) { return facet(n, meta); })), perLink]).then(function (r) {
        var n = meta.docs, a = arrays(n), total = a.total, held = a.held, best = a.best;
        // Phrase links a document has; links side by side add to its score.
        var phrased = a.phrased, phraseLinks = 0;
        // The documents of a word or link, each once, its best score kept
        // in `best` until added up (and cleared): work in proportion to
        // the postings, not to every document number.
        var firstWord = a.firstWord, others = a.others, firstCount = 0;
        r[3].forEach(function (lists, l) {
          var phrase = parsed.links[l].phrase, count = 0;
          if (phrase) phraseLinks++;
          lists.forEach(function (encoded) { count = accumulate(encoded, SIDE_BY_SIDE, SIDE_BY_SIDE, best, others, count); });
          addUp(others, count, best, total, phrase ? phrased : null);
        });
        // Every document with all the words is among the rarest word's,
        // so its documents are the candidates; a frequent word's bitmap is
        // then only looked up at them. A word's score in a document: its
        // best form's.
        var size = function (stems) { return stems.reduce(function (sum, stem) { return sum + stem[2]; }, 0); };
        var byRarity = r[0].slice().sort(function (a, b) { return size(a) - size(b); });
        byRarity.forEach(function (stems, w) {
          var ids = w === 0 ? firstWord : others, count = 0;
          var within = w === 0 ? null : { ids: firstWord, count: firstCount };
          stems.forEach(function (stem) { count = accumulate(stem[0], stem[1], stem[1] * TITLE, best, ids, count, within); });
          addUp(ids, count, best, total, held);
          if (w === 0) firstCount = count;
        });
        // Documents named by an identifier first, in the order named.
        var named = new Map();
        r[1].forEach(function (id, i) { if (!named.has(id)) named.set(id, IDENTIFIER - i); });
        var found = new Top(k), count = 0;
        if (q.trim() === '') {
          // Filters alone: every document they let through.
          if (r[2].length) for (var d = 0; d < n; d++) if (inEvery(r[2], d)) { count++; found.add(0, d); }
        } else {
          // A named document with the words too is offered with them.
          named.forEach(function (score, id) {
            var words = list.length > 0 && held[id] === list.length && phrased[id] === phraseLinks;
            if (words) total[id] += score;
            else if (inEvery(r[2], id)) { count++; found.add(score, id); }
          });
          if (list.length) count += select(firstWord, firstCount, held, list.length, phrased, phraseLinks, total, r[2], found);
        }
        var corrections = corrected.filter(function (c) { return c.to; });
        return { count: count, ids: found.ids(), meta: meta, corrected: corrections, words: corrected.map(function (c) { return c.to || c.from; }), phrases: parsed.phrases };
      });
    });
  }

  function docs(ids, meta) {
    return Promise.all(ids.map(function (id) {
      if (id in known) return known[id];
      return load('d/' + Math.floor(id / meta.docShard)).then(function (shard) { return shard[id % meta.docShard]; });
    }));
  }

  // ------------------------------------------------------------ the page
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var results = document.getElementById('search-results');
  var more = document.getElementById('search-more');
  var selects = { typ: 'type', organ: 'body', ar: 'year', status: 'status', ledamot: 'person' };
  // A portal without people.yaml has no person filter.
  Object.keys(selects).forEach(function (name) { if (!form.elements[name]) delete selects[name]; });
  var PAGE = 10, shown = PAGE, timer = null, run = 0, lastUrl = location.search;

  function state() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set('q', input.value.trim());
    Object.keys(selects).forEach(function (name) {
      var v = form.elements[name].value;
      if (v) params.set(name, v);
    });
    return params;
  }

  function highlight(el, text, list) {
    var stems = list.map(function (w) { return fold(w).slice(0, Math.max(3, w.length - 2)); }).filter(Boolean);
    if (!stems.length) { el.textContent = text; return; }
    var escaped = stems.map(function (s) { return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    // From a word's start (folded) to its end, so inflected forms light up
    // whole; never inside a word (`ks` does not mark "verksamheten").
    var re = new RegExp('(?<![\\p{L}\\p{N}])(?:' + escaped.join('|') + ')[\\p{L}\\p{N}]*', 'giu');
    var plain = fold(text.toLowerCase()), last = 0, m;
    while ((m = re.exec(plain)) !== null && m[0]) {
      el.appendChild(document.createTextNode(text.slice(last, m.index)));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(m.index, m.index + m[0].length);
      el.appendChild(mark);
      last = m.index + m[0].length;
    }
    el.appendChild(document.createTextNode(text.slice(last)));
  }

  function snippet(text, list) {
    var plain = fold(text.toLowerCase()), at = -1;
    list.forEach(function (w) { var i = plain.indexOf(fold(w)); if (i >= 0 && (at < 0 || i < at)) at = i; });
    if (at < 60) return text.slice(0, 200) + (text.length > 200 ? '…' : '');
    return '…' + text.slice(at - 40, at + 160) + (text.length > at + 160 ? '…' : '');
  }

  /**
   * What the count counts, after it: documents with all the words (when
   * there are several), within the filters chosen ("839 träffar med alla
   * orden (Paragraf, 2019)").
   */
  function counted(found, filtersChosen) {
    var data = script.dataset, n = found.count;
    var text = n === 0 ? data.noResults : n === 1 ? data.oneResult : n + ' ' + data.results;
    var words = found.phrases ? ' ' + IN_ORDER : found.words.length > 1 ? ' ' + ALL_WORDS : '';
    var what = words + (filtersChosen.length ? ' (' + filtersChosen.join(', ') + ')' : '');
    return what ? text.replace(/\.$/, '') + what + '.' : text;
  }

  /** The labels of the filters chosen in `params`, as the form shows them. */
  function filterLabels(params) {
    return Object.keys(selects).filter(function (k) { return params.get(k); }).map(function (k) {
      var option = [].filter.call(form.elements[k].options, function (o) { return o.value === params.get(k); })[0];
      return option ? option.textContent.trim() : params.get(k);
    });
  }

  function render(found, docsShown, list, filtersChosen) {
    var n = found.count;
    var said = counted(found, filtersChosen);
    // A word read as another (one typo forgiven) is said before the count.
    var read = found.corrected.map(function (c) { return c.to; });
    status.textContent = read.length ? CORRECTED + ' ' + read.join(', ') + '. ' + said : said;
    results.textContent = '';
    docsShown.forEach(function (d) {
      var li = document.createElement('li');
      li.className = 'item';
      var kind = document.createElement('span');
      kind.className = 'kind';
      kind.textContent = found.meta.types[d[0]];
      var a = document.createElement('a');
      a.href = root + d[2];
      highlight(a, d[1], list);
      var meta = document.createElement('span');
      meta.className = 'meta';
      var caseStatus = found.meta.statuses.filter(function (s) { return s.key === d[5]; })[0];
      meta.textContent = [d[3], d[4], caseStatus && caseStatus.label].filter(Boolean).join(' · ');
      var p = document.createElement('p');
      p.className = 'snippet';
      highlight(p, snippet(d[6], list), list);
      li.append(kind, a, meta, p);
      results.appendChild(li);
    });
    more.hidden = n <= shown;
  }

  /** Put the query and filters in the address, as a new entry if push. */
  function remember(params, push) {
    var url = params.toString() ? '?' + params.toString() : location.pathname.split('/').pop() || '?';
    if ('?' + params.toString() !== lastUrl && (params.toString() || lastUrl)) {
      history[push ? 'pushState' : 'replaceState'](null, '', url);
      lastUrl = '?' + params.toString();
    }
  }

  // What the status says while it works and when the index fails to load:
  // the theme's texts, or these for a search.html made before they came.
  var english = document.documentElement.lang === 'en';
  var BUSY = script.dataset.busy || (english ? 'Searching …' : 'Söker …');
  var ALL_WORDS = script.dataset.allWords || (english ? 'with all the words' : 'med alla orden');
  var IN_ORDER = script.dataset.inOrder || (english ? 'with all the words, quoted ones side by side' : 'med alla orden, de citerade i följd');
  var CORRECTED = script.dataset.corrected || (english ? 'Showing results for' : 'Visar träffar för');
  var FAILED = script.dataset.failed || (english ? 'The search could not be loaded.' : 'Sökningen kunde inte läsas in.');

  /** While a query is answered: busy, and no results of another query. */
  function busy(query) {
    results.setAttribute('aria-busy', 'true');
    if (results.dataset.query !== query) {
      results.textContent = '';
      more.hidden = true;
      status.textContent = BUSY;
    }
  }

  function update(push) {
    var params = state(), q = params.get('q') || '', mine = ++run;
    var filters = {}, searching = null;
    Object.keys(selects).forEach(function (k) { filters[selects[k]] = params.get(k); });
    var query = params.toString();
    if (q || Object.keys(selects).some(function (k) { return params.get(k); })) {
      busy(query);
      searching = search(q, filters, shown);
    }
    remember(params, push);
    if (!searching) {
      status.textContent = '';
      results.textContent = '';
      results.removeAttribute('aria-busy');
      delete results.dataset.query;
      more.hidden = true;
      return Promise.resolve();
    }
    return searching.then(function (found) {
      return docs(found.ids, found.meta).then(function (list) {
        if (mine !== run) return;
        render(found, list, words(q, found.meta).concat(found.words), filterLabels(params));
        results.dataset.query = query;
        results.removeAttribute('aria-busy');
      });
    }).catch(function () {
      // An index file that does not load: say so, never an empty page.
      if (mine !== run) return;
      results.textContent = '';
      delete results.dataset.query;
      more.hidden = true;
      status.textContent = FAILED;
      results.removeAttribute('aria-busy');
    });
  }

  function fromUrl() {
    var params = new URLSearchParams(location.search);
    input.value = params.get('q') || '';
    Object.keys(selects).forEach(function (k) { form.elements[k].value = params.get(k) || ''; });
    lastUrl = location.search;
    shown = PAGE;
    return update(false);
  }

  /**
   * While the reader types, start loading what the query will need: the
   * identifier maps it names and the dictionary shards of its words.
   */
  function prefetch() {
    var q = input.value;
    load('meta').then(function (meta) {
      var exact = identifiers(q, meta), parsed = parse(exact.rest, meta);
      exact.ids.catch(function () {});
      var entries = parsed.list.map(function (w) { return wordEntries(w, meta, null); });
      // The pair shards of neighbouring words (small), once both words'
      // entries are known.
      Promise.all(entries).then(function (w) {
        parsed.links.forEach(function (link) {
          pairsOf(w[link.a].own, w[link.b].own).forEach(function (pair) { load('t/' + pair.shard).catch(function () {}); });
        });
      }).catch(function () {});
    }).catch(function () {});
  }

  input.addEventListener('input', function () {
    prefetch();
    clearTimeout(timer);
    timer = setTimeout(function () { shown = PAGE; update(true); }, 150);
  });
  form.addEventListener('change', function (e) { if (e.target !== input) { shown = PAGE; update(true); } });
  form.addEventListener('submit', function (e) { e.preventDefault(); clearTimeout(timer); shown = PAGE; update(true); });
  more.addEventListener('click', function () { shown += PAGE; update(false); });
  window.addEventListener('popstate', fromUrl);
  // Fetch what every query needs while the reader is still typing, and
  // make the arrays it scores in.
  load('meta').then(function (meta) { arrays(meta.docs); }).catch(function () {});
  // Run the postings decoder once on made-up lists while the page is
  // idle, so that the first query's tens of thousands of postings meet
  // compiled code rather than the interpreter (ten times slower).
  setTimeout(function () {
    var n = 40000, best = new Float32Array(n), ids = new Int32Array(n);
    var total = new Float64Array(n), seen = new Uint16Array(n), none = new Uint16Array(n);
    // Gaps of one; 32 767 documents in a row as Rice-coded gaps (k = 0,
    // a zero bit each); a full bitmap; runs.
    var gaps = '2'.repeat(n / 2 - 1) + '3', titles = '|' + '1'.repeat(99);
    var rice = '~^0__v0' + 'A'.repeat(5462) + titles, dense = '~0:' + '/'.repeat(n / 6) + titles;
    var count = accumulate(gaps, 1, 3, best, ids, 0);
    [rice, dense, '~=0__v' + titles].forEach(function (set) {
      accumulate(set, 2, 6, best, ids, count);
      accumulate(set, 2, 6, best, ids, count, { ids: ids, count: count });
    });
    addUp(ids, count, best, total, seen);
    select(ids, count, seen, 1, none, 0, total, [], new Top(10));
  }, 0);
  window.insynSearchReady = fromUrl();
})();
