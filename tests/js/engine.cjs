// Runs the browser client's engine in Node on a built site's search/ folder.
// stdin: JSON list of {q, filters}; stdout: JSON list of {terms, results: [[key, score]], counts, cards, shown},
// shown: per result shown, its key, snippet and parts as `build.py search --json` has them (offsets in code points).
const {createEngine} = require("../../assets/js/search.js");
const {siteLoader, subResults} = require("./site_search.cjs");

const load = siteLoader(process.argv[2]);
let input = "";
process.stdin.setEncoding("utf8");  // a chunk may end inside a character
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", async () => {
  const engine = createEngine(load);
  const out = [];
  for (const {q, filters} of JSON.parse(input)) {
    const {terms, results, counts} = await engine.search(q, filters || {}, 10, true);
    out.push({terms, results: results.map(r => [r.key, r.score]), counts, cards: results.slice(0, 10).map(r => r.card),
      shown: results.slice(0, 10).map(r => ({key: r.key, ...subResults(r)}))});
  }
  process.stdout.write(JSON.stringify(out));
});
