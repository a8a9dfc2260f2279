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
  /** A bitmap as the index writes it (`first byte:base 64`). */
  function bits(encoded) {
    var colon = encoded.indexOf(':');
    return { from: parseInt(encoded.slice(0, colon), 36) * 8, bytes: bytesOf(encoded.slice(colon + 1)) };
  }
  function has(set, id) {
    var at = (id - set.from) >> 3;
    return at >= 0 && at < set.bytes.length && (set.bytes[at] & (1 << ((id - set.from) & 7))) !== 0;
  }
  /**
   * Call `each(id, title)` for every posting of a term: gaps (base 36, the
   * gap times two plus one for a title match), or `~bitmap|title gaps`.
   */
  function eachPosting(encoded, each) {
    if (!encoded) return;
    var id = 0;
    if (encoded[0] !== '~') {
      encoded.split(',').forEach(function (part) {
        var n = parseInt(part, 36);
        id += n >> 1;
        each(id, n & 1);
      });
      return;
    }
    var bar = encoded.indexOf('|'), titles = {}, set = bits(encoded.slice(1, bar));
    if (bar + 1 < encoded.length) encoded.slice(bar + 1).split(',').forEach(function (g) { id += parseInt(g, 36); titles[id] = 1; });
    for (var i = 0; i < set.bytes.length; i++) {
      var byte = set.bytes[i];
      for (var b = 0; byte; b++, byte >>= 1) if (byte & 1) { var d = set.from + i * 8 + b; each(d, titles[d] || 0); }
    }
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

  /** The best k of ids, by score then newest (highest id) first. */
  function top(ids, score, k) {
    var best = [];
    var ahead = function (a, b) { return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]); };
    ids.forEach(function (id) {
      var c = [score(id), id], i = best.length;
      if (i === k && !ahead(c, best[k - 1])) return;
      while (i > 0 && ahead(c, best[i - 1])) i--;
      best.splice(i, 0, c);
      if (best.length > k) best.pop();
    });
    return best.map(function (c) { return c[1]; });
  }

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
   * The postings of the pairs of two words' stems: `P<first> <second>` in
   * the pair shard `t/<first's key>.<second's first letter>`. Each word
   * stands for every spelling of it the archive has (typed without å, ä
   * and ö, the word with them too).
   */
  function pairPostings(first, second) {
    var lists = [];
    first.stems.forEach(function (a) {
      second.stems.forEach(function (b) {
        var key = shardKey(a), letter = shardKey(b)[0];
        // The first word's shard lists the pair shards of its key.
        if (key !== first.key || first.pairShards.indexOf(letter) < 0) return;
        key += '.' + letter;
        lists.push(load('t/' + key).then(function (dict) {
          var entry = dict.filter(function (e) { return e[0] === 'P' && e[1] === a + ' ' + b; })[0];
          return entry ? termPostings(entry, key) : '';
        }));
      });
    });
    return Promise.all(lists);
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
      // Each word's stems with their postings and weights, and the stems
      // of the word as the archive has it (for pairs).
      var perWord = Promise.all(list.map(function (word, i) {
        var key = shardKey(word);
        if (meta.shards.indexOf(key) < 0) return Promise.resolve({ stems: [], own: { stems: [] } });
        return load('t/' + key).then(function (dict) {
          var typo = word.length >= 5 ? corrected[i] : null;
          var found = matches(word, dict, typo);
          var own = found.filter(function (m) { return m[1] >= EXACT * FOLDED; });
          return Promise.all(found.map(function (m) {
            return termPostings(m[0], key).then(function (encoded) { return [encoded, m[1]]; });
          })).then(function (stems) {
            var pairShards = dict.filter(function (e) { return e[0] === 'N'; }).map(function (e) { return e[1]; }).join('');
            return { stems: stems, own: { key: key, pairShards: pairShards, stems: own.map(function (m) { return m[0][1]; }) } };
          });
        });
      }));
      var perLink = perWord.then(function (found) {
        return Promise.all(parsed.links.map(function (link) { return pairPostings(found[link.a].own, found[link.b].own); }));
      });
      var filterNames = Object.keys(filters).filter(function (k) { return filters[k]; }).map(function (k) { return k + '-' + filters[k]; });
      return Promise.all([perWord, exact.ids, Promise.all(filterNames.map(function (n) { return facet(n, meta); })), perLink]).then(function (r) {
        var n = meta.docs, total = new Float64Array(n), held = new Uint16Array(n), best = new Float32Array(n);
        // Links of a phrase a document lacks; links side by side add to
        // its score.
        var missing = new Uint16Array(n);
        r[3].forEach(function (lists, l) {
          var phrase = parsed.links[l].phrase;
          best.fill(0);
          lists.forEach(function (encoded) {
            eachPosting(encoded, function (id) { best[id] = SIDE_BY_SIDE; });
          });
          for (var id = 0; id < n; id++) {
            if (best[id] > 0) total[id] += best[id];
            else if (phrase) missing[id]++;
          }
        });
        r[0].forEach(function (word) {
          var stems = word.stems;
          // A word's score in a document: its best form's.
          best.fill(0);
          stems.forEach(function (stem) {
            eachPosting(stem[0], function (id, title) {
              var s = stem[1] * (title ? TITLE : 1);
              if (s > best[id]) best[id] = s;
            });
          });
          for (var id = 0; id < n; id++) if (best[id] > 0) { total[id] += best[id]; held[id]++; }
        });
        var named = new Map();
        r[1].forEach(function (id, i) { if (!named.has(id)) named.set(id, IDENTIFIER - i); });
        var passes = function (id) { return r[2].every(function (set) { return has(set, id); }); };
        var ids = [], everything = q.trim() === '';
        for (var d = 0; d < n; d++) {
          var found = everything ? r[2].length > 0 : (list.length > 0 && held[d] === list.length && missing[d] === 0) || named.has(d);
          if (found && passes(d)) ids.push(d);
        }
        var score = function (id) { return (named.get(id) || 0) + (held[id] === list.length && missing[id] === 0 ? total[id] : 0); };
        var corrections = corrected.filter(function (c) { return c.to; });
        return { count: ids.length, ids: top(ids, score, k), meta: meta, corrected: corrections, words: corrected.map(function (c) { return c.to || c.from; }), phrases: parsed.phrases };
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
  var selects = { typ: 'type', organ: 'body', ar: 'year', status: 'status' };
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
      var exact = identifiers(q, meta);
      exact.ids.catch(function () {});
      words(exact.rest, meta).forEach(function (w) {
        if (meta.shards.indexOf(shardKey(w)) >= 0) load('t/' + shardKey(w)).catch(function () {});
      });
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
  // Fetch what every query needs while the reader is still typing.
  load('meta').catch(function () {});
  window.insynSearchReady = fromUrl();
})();
