// Run the browser search client on a built site under Node:
//   node tests/js/query.mjs SITE_DIR "query" [--filter key=value ...] [--limit N]
// Prints JSON: [{id, url, title, score}], the same shape as `build.py search --json`.
import {createRequire} from "node:module";

const require = createRequire(import.meta.url);
const {createEngine} = require("../../assets/js/search.js");
const {siteLoader, subResults} = require("./site_search.cjs");
const [site, query, ...rest] = process.argv.slice(2);
if (!site || query === undefined) {
  console.error('usage: node tests/js/query.mjs SITE_DIR "query" [--filter key=value] [--limit N]');
  process.exit(2);
}
const filters = {};
let limit = 10;
for (let i = 0; i < rest.length; i += 2) {
  if (rest[i] === "--filter") {
    const [key, ...value] = rest[i + 1].split("=");
    (filters[key] = filters[key] || []).push(value.join("="));
  } else if (rest[i] === "--limit") {
    limit = Number(rest[i + 1]);
  }
}
const engine = createEngine(siteLoader(site));
// Whole words, as the command line searches: a trailing space turns off prefix completion.
const {results} = await engine.search(query + " ", filters, limit);
const out = results.slice(0, limit).map(r => ({id: r.card.u.replace(/\/$/, ""), url: r.card.u, title: r.card.t, score: r.score,
  ...(r.card.d ? {deadline_state: r.card.d} : {}), ...subResults(r)}));
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
