// Run the browser search client on a built site under Node:
//   node tests/js/query.mjs SITE_DIR "query" [--filter key=value ...] [--limit N]
// Prints JSON: [{id, url, title, score}], the same shape as `build.py search --json`.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {createRequire} from "node:module";

const {createEngine} = createRequire(import.meta.url)("../../assets/js/search.js");
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
const load = async (kind, name) => {
  if (kind === "cards") {
    const text = readFileSync(join(site, "search", "cards", name + ".js"), "utf8");
    return JSON.parse(text.slice(`RetningSearchData("cards","${name}",`.length, text.lastIndexOf(")")));
  }
  const file = kind === "manifest" || kind === "docs" ? kind + ".json" : join(kind, name + ".json");
  return JSON.parse(readFileSync(join(site, "search", file), "utf8"));
};
const engine = createEngine(load);
// Whole words, as the command line searches: a trailing space turns off prefix completion.
const {results} = await engine.search(query + " ", filters, limit);
// Snippets and parts as the command line gives them: offsets in code points, not UTF-16 units.
const points = (text, at) => Array.from(text.slice(0, at)).length;
const snippet = ({text, highlights}) => ({text, highlights: highlights.map(([a, b]) => [points(text, a), points(text, b)])});
const out = results.slice(0, limit).map(r => ({id: r.card.u.replace(/\/$/, ""), url: r.card.u, title: r.card.t, score: r.score,
  ...(r.card.d ? {deadline_state: r.card.d} : {}), snippet: snippet(r.sub.snippet),
  parts: r.sub.parts.map(part => ({anchor: part.anchor, url: r.card.u + "#" + encodeURIComponent(part.anchor), title: part.title,
    snippet: snippet(part.snippet)}))}));
process.stdout.write(JSON.stringify(out, null, 1) + "\n");
