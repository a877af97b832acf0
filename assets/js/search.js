/* Retning search client: no framework, no build step. Scores with Whoosh's BM25F formula on the
   static shards in search/, so results rank as `build.py search` ranks them.
   Works over http(s) (fetch JSON) and from file:// (the same data as classic scripts). */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.RetningSearch = api;
})(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  /* ---- Analysis: the same steps as generator/search/analysis.py ---- */
  const TOKEN = /[\p{L}\p{N}_]+/gu;
  const MIN_LENGTH = 2;
  const MAX_LENGTH = 100;  // longer tokens are not indexed (analysis.MAX_LENGTH), so not searched either

  function fold(text) {
    return text.normalize("NFKC")
      .replace(/[“”„«»]/g, '"').replace(/[‘’‚]/g, "'")
      .replace(/[–—‐‑−]/g, "-").replace(/\u00ad/g, "")
      .toLowerCase();
  }

  /* Lengths in code points, as Python counts them. */
  function words(text, stop) {
    return (fold(text).match(TOKEN) || []).filter(w => {
      const length = w.length > MAX_LENGTH || /[\uD800-\uDFFF]/.test(w) ? Array.from(w).length : w.length;
      return length >= MIN_LENGTH && length <= MAX_LENGTH && !stop.has(w);
    });
  }

  /* Snowball Danish stemmer (snowballstem.org), ported from the Python package the build uses. */
  const VOWELS = new Set("aeiouyæøå");
  const S_ENDING = new Set("abcdfghjklmnoprtvyzå'");
  const UNDOUBLE = new Set("bdfgklmnprst");
  const MAIN_SUFFIXES = ["erendes", "erende", "hedens", "ethed", "erede", "heden", "heder", "endes", "ernes",
    "erens", "erets", "ered", "ende", "erne", "eren", "erer", "heds", "enes", "eres", "eret", "hed", "ene", "ere",
    "ens", "ers", "ets", "en", "er", "es", "et", "e", "s"];
  const OTHER_SUFFIXES = ["elig", "løst", "lig", "els", "ig"];
  const PAIRS = new Set(["gd", "dt", "gt", "kt"]);
  const cache = new Map();

  function region1(word) {
    let i = 0;
    while (i < word.length && !VOWELS.has(word[i])) i++;
    if (i >= word.length) return word.length;
    while (i < word.length && VOWELS.has(word[i])) i++;
    return i >= word.length ? word.length : Math.max(i + 1, 3);
  }

  function consonantPair(word, p1) {
    if (word.length - 2 >= p1 && PAIRS.has(word.slice(-2))) return word.slice(0, -1);
    return word;
  }

  function stemUncached(word) {
    if (word.length < 3) return word;
    const p1 = region1(word);
    const main = MAIN_SUFFIXES.find(s => word.endsWith(s) && word.length - s.length >= p1);
    if (main === "s") {
      if (S_ENDING.has(word[word.length - 2])) word = word.slice(0, -1);
    } else if (main) {
      word = word.slice(0, -main.length);
    }
    word = consonantPair(word, p1);
    if (word.endsWith("igst")) word = word.slice(0, -2);
    const other = OTHER_SUFFIXES.find(s => word.endsWith(s) && word.length - s.length >= p1);
    if (other === "løst") word = word.slice(0, -1);
    else if (other) word = consonantPair(word.slice(0, -other.length), p1);
    const last = word[word.length - 1];
    if (word.length - 1 >= p1 && UNDOUBLE.has(last) && word[word.length - 2] === last) word = word.slice(0, -1);
    return word;
  }

  function stem(word) {
    let result = cache.get(word);
    if (result === undefined) {
      result = stemUncached(word);
      cache.set(word, result);
    }
    return result;
  }

  /* At most `limit` insertions, deletions, substitutions or swaps of neighbours (optimal string
     alignment), as query.within_edits. Code units: the corpus terms are letters of the BMP. */
  function withinEdits(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return false;
    let before = [];
    let previous = Array.from({length: b.length + 1}, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        const cost = a[i - 1] === b[j - 1] ? 0 : 1;
        current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) current[j] = Math.min(current[j], before[j - 2] + 1);
      }
      if (Math.min(...current) > limit) return false;
      before = previous;
      previous = current;
    }
    return previous[b.length] <= limit;
  }

  /* The word with each ae, oe and aa read as æ, ø and å, in every combination (not the word itself),
     in the order query.spellings gives them. */
  const DIGRAPHS = [["ae", "æ"], ["oe", "ø"], ["aa", "å"]];
  function spellings(word) {
    let pieces = [word];
    for (const [plain, letter] of DIGRAPHS) {
      pieces = pieces.flatMap(piece => {
        if (typeof piece !== "string" || !piece.includes(plain)) return [piece];
        const parts = piece.split(plain);
        const out = [parts[0]];
        for (const part of parts.slice(1)) out.push([plain, letter], part);
        return out;
      });
    }
    let combos = [""];
    for (const piece of pieces) {
      const choices = typeof piece === "string" ? [piece] : piece;
      combos = combos.flatMap(head => choices.map(choice => head + choice));
    }
    return combos.filter(variant => variant !== word);
  }

  /* ---- Parts and snippets: the same steps as generator/search/parts.py ---- */
  const SHOWN_PARTS = 3;
  const SNIPPET_WORDS = 25;
  const TITLE_WEIGHT = 2;
  const PREFIX_MATCH_FROM = 4;  // a term this long also matches the words it begins (compounds)
  const ELLIPSIS = "\u2026";
  const WORD = /[\p{L}\p{N}_]+/gu;

  function codePoints(text) {
    return /[\uD800-\uDFFF]/.test(text) ? Array.from(text).length : text.length;
  }

  /* token → numbers of the query terms it matches: its stem is the term, or it begins with a term
     of PREFIX_MATCH_FROM letters or more; stop words and one-letter words match nothing. */
  function matcher(terms, stop) {
    const known = new Map();
    const list = terms.map(t => [t.term, codePoints(t.term) >= PREFIX_MATCH_FROM]);
    const match = token => {
      let found = known.get(token);
      if (found === undefined) {
        found = [];
        const word = fold(token);
        const length = codePoints(word);
        if (length >= MIN_LENGTH && length <= MAX_LENGTH && !stop.has(word)) {
          const own = stem(word);
          list.forEach(([term, prefix], n) => { if (term === own || (prefix && word.startsWith(term))) found.push(n); });
        }
        known.set(token, found);
      }
      return found;
    };
    match.stop = stop;
    return match;
  }

  /* [start, end, term numbers] of every word of the text (offsets in UTF-16 code units). */
  function matches(text, match) {
    const found = [];
    for (const m of text.matchAll(WORD)) found.push([m.index, m.index + m[0].length, match(m[0])]);
    return found;
  }

  function highlights(text, match) {
    return matches(text, match).filter(w => w[2].length).map(w => [w[0], w[1]]);
  }

  function weightOf(found, terms) {
    let total = 0;
    terms.forEach((term, n) => { if (found.has(n)) total += term.weight; });
    return total;
  }

  /* The window of `size` words whose distinct matching terms weigh most (the first such), moved to
     centre its first and last matching word: {start, end, highlights} (highlights within it). */
  function snippet(text, terms, match, size) {
    size = size || SNIPPET_WORDS;
    const words = matches(text, match);
    let first = 0;
    if (words.length > size) {
      let best = 0;
      for (let at = 0; at + size <= words.length; at++) {
        const found = new Set();
        for (let k = at; k < at + size; k++) words[k][2].forEach(n => found.add(n));
        const weight = weightOf(found, terms);
        if (weight > best) { first = at; best = weight; }
      }
      const hits = [];
      for (let k = first; k < first + size; k++) if (words[k][2].length) hits.push(k);
      if (hits.length) {
        const slack = size - (hits[hits.length - 1] - hits[0] + 1);
        first = Math.min(Math.max(hits[0] - Math.floor(slack / 2), 0), words.length - size);
      }
    }
    const last = Math.min(first + size, words.length) - 1;
    const start = first > 0 ? words[first][0] : 0;
    const end = last < words.length - 1 ? words[last][1] : text.length;
    const marked = [];
    for (let k = first; k <= last; k++) if (words[k][2].length) marked.push([words[k][0] - start, words[k][1] - start]);
    return {start, end, highlights: marked};
  }

  /* The snippet as shown: "… " and " …" where it cuts the text; highlights in that text. */
  function shown(text, terms, match, size) {
    const {start, end, highlights: marked} = snippet(text, terms, match, size);
    const before = start > 0 ? ELLIPSIS + " " : "";
    const after = end < text.length ? " " + ELLIPSIS : "";
    return {text: before + text.slice(start, end) + after, highlights: marked.map(([a, b]) => [a + before.length, b + before.length])};
  }

  /* A part ([anchor, title, text]) scores the weights of the distinct terms a word of its title
     (TITLE_WEIGHT times) or else of its text matches. */
  function partScore(part, terms, match) {
    const inTitle = new Set(), inText = new Set();
    matches(part[1], match).forEach(w => w[2].forEach(n => inTitle.add(n)));
    if (terms.some(term => term.term.includes(PAIR))) {  // a phrase: its two words neighbours in the title
      const found = words(part[1], match.stop), pairs = new Set();
      for (let i = 0; i + 1 < found.length; i++) pairs.add(stem(found[i] + PAIR + found[i + 1]));
      terms.forEach((term, n) => { if (pairs.has(term.term)) inTitle.add(n); });
    }
    matches(part[2], match).forEach(w => w[2].forEach(n => inText.add(n)));
    let total = 0;
    terms.forEach((term, n) => {
      if (inTitle.has(n)) total += TITLE_WEIGHT * term.weight;
      else if (inText.has(n)) total += term.weight;
    });
    return total;
  }

  /* Positions of the best-matching parts: best first, ties in page order, none without a match. */
  function bestParts(parts, terms, match, limit) {
    const scored = [];
    parts.forEach((part, position) => {
      const score = partScore(part, terms, match);
      if (score > 0) scored.push([score, position]);
    });
    scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    return scored.slice(0, limit === undefined ? SHOWN_PARTS : limit).map(s => s[1]);
  }

  /* What a result shows beside its title: its snippet (of its excerpt, else its title) and its best
     parts, each with the snippet of its text (else of its title); parts: its page's parts. */
  function subResults(card, parts, terms, stop) {
    const match = matcher(terms, stop);
    parts = parts || [];
    return {
      snippet: shown(card.x || card.t || "", terms, match),
      parts: bestParts(parts, terms, match).map(n => ({anchor: parts[n][0], title: parts[n][1], text: parts[n][2],
        snippet: shown(parts[n][2] || parts[n][1], terms, match)})),
    };
  }

  /* ---- Engine: loads only what a query needs ---- */
  /* Weights and limits: generator/search/query.py */
  const EXACT = 1, VARIANT = 1, SYNONYM = 0.9;
  const PREFIX_WEIGHT = 0.8;  // completions rank below whole words
  const TYPO_WEIGHT = 0.7;
  const MAX_EXPANSIONS = 12;
  const PREFIX_MIN_LENGTH = 3;
  const TYPO_MIN_LENGTH = 5;
  const TYPO_PREFIX = 1;
  const TWO_TYPOS_FROM = 9;
  const PHRASE = 1;  // neighbouring query words that are neighbours in a title: score, not coverage
  const PAIR = "_";
  const NO_WORD = -1;

  const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

  /* A number stored as one character: DIGITS below 64, else U+0100 + value. */
  function tableValue(char) {
    const code = char.charCodeAt(0);
    return code >= 256 ? code - 256 : DIGITS.indexOf(char);
  }

  function hex(text) {
    return Array.from(new TextEncoder().encode(text), b => b.toString(16).padStart(2, "0")).join("");
  }

  function createEngine(load) {
    const pending = new Map();
    let manifest = null;
    let stop = new Set();

    function get(kind, name) {
      const key = kind + "/" + name;
      if (!pending.has(key)) pending.set(key, load(kind, name, manifest));
      return pending.get(key);
    }

    async function ready() {
      if (!manifest) {
        manifest = await get("manifest", "manifest");
        stop = new Set(manifest.stop);
      }
      return manifest;
    }

    /* Shards hold sorted runs of terms (or words); the manifest lists each shard's first one. */
    function shardIndex(term, shards) {
      shards = shards || manifest.shards;
      let low = 0, high = shards.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >> 1;
        if (shards[middle][0] <= term) low = middle; else high = middle - 1;
      }
      return low;
    }

    function shardFor(term) {
      return manifest.shards.length ? get("shards", manifest.shards[shardIndex(term)][1]) : Promise.resolve({});
    }

    /* The corpus's surface words that begin with the first TYPO_PREFIX letters of `word`, from the
       word shards that hold them: word → its term. */
    async function wordsNear(word) {
      const shards = manifest.words || [];
      const found = new Map();
      if (!shards.length) return found;
      const prefix = word.slice(0, TYPO_PREFIX);
      for (let n = shardIndex(prefix, shards); n <= shardIndex(prefix + "\uffff", shards); n++) {
        const entries = await get("words", shards[n][1]);
        for (const other of Object.keys(entries)) {
          const entry = entries[other];
          if (other.startsWith(prefix)) found.set(other, typeof entry === "number" ? other.slice(0, other.length - entry) : entry);
        }
      }
      return new Map([...found].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
    }

    /* Terms starting with `prefix`: from the shard where the prefix sorts, or from the next one
       when that holds none (a shard is one fetch; typing narrows the prefix anyway). */
    async function termsWithPrefix(prefix) {
      const first = shardIndex(prefix);
      let found = Object.keys(await get("shards", manifest.shards[first][1])).filter(t => t.startsWith(prefix));
      const next = manifest.shards[first + 1];
      if (!found.length && next && next[0].startsWith(prefix)) {
        found = Object.keys(await get("shards", next[1])).filter(t => t.startsWith(prefix));
      }
      return found;
    }

    /* Query terms: [{term, weight, word}] (word: which word of the query), each term once at its
       best weight, as query.expand: the exact term; ae/oe/aa read as æ/ø/å when that is a corpus
       term; the word's synonyms; completions of the last word while it is typed (three letters or
       more); and when the word's term is not in the corpus, the terms of the corpus words a typo away
       from it as written, among those that sort next to it (one edit from five letters, two from nine). */
    async function expand(query) {
      await ready();
      const tokens = words(query, stop);
      const open = tokens.length && !/\s$/.test(query);
      const synonyms = manifest.synonyms || {};
      const terms = [];
      const byTerm = new Map();
      const seen = new Map();
      const add = (term, weight, word) => {
        const known = byTerm.get(term);
        if (!known) {
          const entry = {term, weight, word};
          byTerm.set(term, entry);
          terms.push(entry);
        } else if (weight > known.weight) {
          known.weight = weight;
          known.word = word;
        }
      };
      const has = async term => Object.prototype.hasOwnProperty.call(await shardFor(term), term);
      for (let i = 0; i < tokens.length; i++) {
        const word = tokens[i];
        const last = open && i === tokens.length - 1;
        if (seen.has(word) && !last) continue;  // a repeated word adds nothing
        if (!seen.has(word)) seen.set(word, seen.size);
        const number = seen.get(word);
        const term = stem(word);
        const exact = await has(term);
        if (exact) add(term, EXACT, number);
        let found = exact;
        for (const variant of spellings(word)) {
          const other = stem(variant);
          if (await has(other)) {
            add(other, VARIANT, number);
            found = true;
          }
        }
        for (const other of synonyms[term] || []) {
          if (await has(other)) add(other, SYNONYM, number);
        }
        if (last && word.length >= PREFIX_MIN_LENGTH && manifest.shards.length) {
          const near = (await termsWithPrefix(term)).concat(word !== term ? await termsWithPrefix(word) : []);
          const candidates = [...new Set(near)].filter(t => t !== term && !t.includes(PAIR));
          candidates.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
          for (const t of candidates.slice(0, MAX_EXPANSIONS)) add(t, PREFIX_WEIGHT, number);
        }
        if (!found && word.length >= TYPO_MIN_LENGTH) {  // among the words that sort next to it
          const limit = word.length >= TWO_TYPOS_FROM ? 2 : 1;
          for (const [other, otherTerm] of await wordsNear(word)) {
            if (withinEdits(other, word, limit)) add(otherTerm, TYPO_WEIGHT, number);
          }
        }
      }
      for (let i = 0; i + 1 < tokens.length; i++) {  // neighbours in the query and in a title: a phrase
        const pair = stem(tokens[i] + PAIR + tokens[i + 1]);
        if (await has(pair)) add(pair, PHRASE, NO_WORD);
      }
      return terms;
    }

    /* BM25F as Whoosh computes it: per field, idf = ln(N / (df + 1)) + 1, weight = tf × field boost,
       field lengths quantised as Whoosh stores them (already in the postings). */
    async function score(terms) {
      await ready();
      const table = await docTable();
      const scores = new Map();
      const matched = new Map();  // doc → word → best weight of its terms the document holds
      const n = manifest.count;
      for (const {term, weight, word} of terms) {
        const postings = (await shardFor(term))[term] || {};
        for (const field of Object.keys(postings).sort()) {
          const list = postings[field].split(" ");
          const idf = Math.log(n / (list.length + 1)) + 1;
          const avgfl = manifest.totals[field] / n || 1;
          const boost = manifest.boosts[field];
          const column = table.fields.indexOf(field);
          let slot = 0;
          for (const posting of list) {
            const colon = posting.indexOf(":");
            slot += parseInt(colon < 0 ? posting : posting.slice(0, colon), 36);
            const tf = colon < 0 ? 1 : Number(posting.slice(colon + 1));
            const {key: doc, lengths} = table.bySlot.get(slot);
            const length = lengths[column];
            const w = tf * boost;
            const s = idf * ((w * (manifest.K1 + 1)) / (w + manifest.K1 * ((1 - manifest.B) + manifest.B * length / avgfl)));
            scores.set(doc, (scores.get(doc) || 0) + s * weight);
            let held = matched.get(doc);
            if (!held) matched.set(doc, held = new Map());
            held.set(word, Math.max(held.get(word) || 0, weight));
          }
        }
      }
      scores.matched = matched;
      return scores;
    }

    /* How much of the query a document covers: Σ over words of the best weight matched (query.ranked). */
    function coverage(matched, doc) {
      let sum = 0;
      for (const [word, weight] of (matched.get(doc) || new Map())) if (word !== NO_WORD) sum += weight;
      return Math.round(sum * 1e9) / 1e9;
    }

    /* Per document: its field lengths, from search/docs.js (loaded once): slots as gaps in
       base 36, then one character per document and field (its quantised length); see tableValue. */
    let docs = null;
    async function docTable() {
      if (!docs) {
        const table = await get("docs", "docs");
        docs = {fields: table.fields, bySlot: new Map(), byKey: new Map(), order: []};
        let slot = 0;
        (table.slots ? table.slots.split(" ") : []).forEach((gap, i) => {
          slot += parseInt(gap, 36);
          const doc = {key: slot.toString(36).padStart(manifest.keyWidth, "0"), slot,
            lengths: table.lengths.map(column => tableValue(column[i]))};
          docs.bySlot.set(slot, doc);
          docs.byKey.set(doc.key, doc);
          docs.order.push(doc);
        });
      }
      return docs;
    }

    /* Per document: its facet values, from search/filters.js, in the order of docs.js; loaded
       only once a reader filters or asks for counts, so a first query does not pay for it. */
    let filterTable = null;
    async function withFacets() {
      if (!filterTable) {
        const [table, {order}] = await Promise.all([get("filters", "filters"), docTable()]);
        const facets = manifest.facets.map(facet => table.facets[facet].split(","));
        filterTable = new Map(order.map((doc, i) => [doc.key, Object.fromEntries(manifest.facets.map((facet, f) =>
          [facet, Array.from(facets[f][i], c => table.labels[facet][tableValue(c)])]))]));
      }
      return filterTable;
    }

    /* Cards of the given results, attached as result.card; a card file holds the cards of
       manifest.cardGroup consecutive slots. */
    async function withCards(results) {
      const table = await docTable();
      const cards = await Promise.all(results.map(r => r.card ? r.card
        : get("cards", Math.floor(table.byKey.get(r.key).slot / manifest.cardGroup).toString(36)).then(group => group[r.key])));
      results.forEach((r, i) => { r.card = cards[i]; });
      return results;
    }

    /* Each result's snippet and best parts (result.sub: subResults), from its card and, when the
       card says its page has parts, its card group's parts file. */
    async function withParts(results, terms) {
      const table = await docTable();
      const parts = await Promise.all(results.map(r => !r.card || !r.card.p ? null
        : get("parts", Math.floor(table.byKey.get(r.key).slot / manifest.cardGroup).toString(36)).then(group => group[r.key])));
      results.forEach((r, i) => { if (r.card) r.sub = subResults(r.card, parts[i], terms, stop); });
      return results;
    }

    /* The whole search: ranked results filtered by facets, counts per facet value when asked
       (`counts`; each facet counted under the other facets' filters), and cards, snippets and
       parts for the first `shown` results. */
    async function search(query, filters, shown, counts) {
      filters = filters || {};
      const active = Object.entries(filters).filter(([, values]) => values.length);
      const terms = await expand(query);
      const scores = await score(terms);
      const table = (await docTable()).byKey;
      const facetsOf = active.length || counts ? await withFacets() : null;
      const ranked = [];
      for (const [key, score] of scores) {
        if (table.has(key)) ranked.push({key, score, cover: coverage(scores.matched, key), facets: facetsOf && facetsOf.get(key), card: null});
      }
      ranked.sort((a, b) => b.cover - a.cover || b.score - a.score || (a.key < b.key ? -1 : 1));
      const passes = (result, except) => active.every(([facet, values]) =>
        facet === except || values.some(v => (result.facets[facet] || []).includes(v)));
      const counted = counts ? {} : null;
      for (const facet of counts ? manifest.facets : []) {
        const count = counted[facet] = {};
        for (const result of ranked) {
          if (active.length && !passes(result, facet)) continue;
          for (const value of result.facets[facet]) count[value] = (count[value] || 0) + 1;
        }
      }
      const results = active.length ? ranked.filter(r => passes(r, null)) : ranked;
      const first = results.slice(0, shown === undefined ? 10 : shown);
      await withCards(first);
      await withParts(first, terms);
      return {terms, results, counts: counted};
    }

    return {ready, expand, score, search, withCards, withParts, stem, words: q => words(q, stop),
      highlights: (text, terms) => highlights(text, matcher(terms, stop))};
  }

  return {fold, stem, words, withinEdits, spellings, createEngine, hex, matcher, matches, highlights, snippet, shown,
    partScore, bestParts, subResults};
});
