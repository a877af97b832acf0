// Runs the browser client's engine in Node on a built site's search/ folder.
// stdin: JSON list of {q, filters}; stdout: JSON list of {terms, results: [[key, score]], counts, cards, shown},
// shown: per result shown, its key, snippet and parts as `build.py search --json` has them (offsets in code points).
const fs = require("fs");
const path = require("path");
const {createEngine} = require("../../assets/js/search.js");

const site = process.argv[2];
const load = async (kind, name) => {
  if (kind === "cards") {
    const text = fs.readFileSync(path.join(site, "search", "cards", name + ".js"), "utf8");
    return JSON.parse(text.slice(`RetningSearchData("cards","${name}",`.length, text.lastIndexOf(")")));
  }
  const file = kind === "manifest" || kind === "docs" ? kind + ".json" : path.join(kind, name + ".json");
  return JSON.parse(fs.readFileSync(path.join(site, "search", file), "utf8"));
};
// The client's snippets and parts in the command line's shape: offsets in code points, not UTF-16 units.
const points = (text, at) => Array.from(text.slice(0, at)).length;
const snippet = ({text, highlights}) => ({text, highlights: highlights.map(([a, b]) => [points(text, a), points(text, b)])});
const subResults = r => ({snippet: snippet(r.sub.snippet), parts: r.sub.parts.map(part => ({
  anchor: part.anchor, url: r.card.u + "#" + encodeURIComponent(part.anchor), title: part.title, snippet: snippet(part.snippet)}))});
let input = "";
process.stdin.setEncoding("utf8");  // a chunk may end inside a character
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", async () => {
  const engine = createEngine(load);
  const out = [];
  for (const {q, filters} of JSON.parse(input)) {
    const {terms, results, counts} = await engine.search(q, filters || {}, 10);
    out.push({terms, results: results.map(r => [r.key, r.score]), counts, cards: results.slice(0, 10).map(r => r.card),
      shown: results.slice(0, 10).map(r => ({key: r.key, ...subResults(r)}))});
  }
  process.stdout.write(JSON.stringify(out));
});
