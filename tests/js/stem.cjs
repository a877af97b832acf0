// Reads words (one per line) on stdin, prints their stems with the browser client's stemmer.
const {stem} = require("../../assets/js/search.js");
let input = "";
process.stdin.setEncoding("utf8");  // a chunk may end inside a character
process.stdin.on("data", chunk => { input += chunk; });
process.stdin.on("end", () => {
  process.stdout.write(input.split("\n").filter(Boolean).map(stem).join("\n") + "\n");
});
