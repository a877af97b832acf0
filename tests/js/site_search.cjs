// The browser search client's data, read from a built site's search/ folder in Node (what the
// browser fetches), and its snippets in the command line's shape.
const fs = require("fs");
const path = require("path");

/* The engine's `load(kind, name)` for the site in folder `site`. */
function siteLoader(site) {
  return async (kind, name) => {
    const file = ["manifest", "docs", "filters"].includes(kind) ? kind + ".js" : path.join(kind, name + ".js");
    const text = fs.readFileSync(path.join(site, "search", file), "utf8");
    return JSON.parse(text.slice(`RetningSearchData("${kind}","${name}",`.length, text.lastIndexOf(")")));
  };
}

/* A snippet with its highlight offsets in code points, as `build.py search --json` counts them, not UTF-16 units. */
const points = (text, at) => Array.from(text.slice(0, at)).length;
const inCodePoints = ({text, highlights}) => ({text, highlights: highlights.map(([a, b]) => [points(text, a), points(text, b)])});

/* A result's snippet and parts as `build.py search --json` gives them. */
const subResults = r => ({snippet: inCodePoints(r.sub.snippet), parts: r.sub.parts.map(part => ({
  anchor: part.anchor, url: r.card.u + "#" + encodeURIComponent(part.anchor), title: part.title, snippet: inCodePoints(part.snippet)}))});

module.exports = {siteLoader, subResults};
