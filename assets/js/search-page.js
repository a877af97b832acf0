/* The search page: results as you type, facet filters with counts, highlighted excerpts,
   a shareable URL and a live region for screen readers. Progressive enhancement: the page
   works (and says what to do) without JavaScript. */
(function () {
  "use strict";
  const form = document.getElementById("search-form");
  const ui = document.getElementById("search-ui");
  if (!form || !ui || !window.RetningSearch || !window.RetningSay || !window.fetch || !window.Promise) return;
  const say = window.RetningSay;

  const input = form.querySelector("input[name=q]");
  const status = document.getElementById("search-status");
  const list = document.getElementById("search-results");
  const facetBox = document.getElementById("search-facets");
  const filterBox = document.getElementById("search-filters");  // closed: no facet data is fetched
  const chosen = document.getElementById("search-filters-chosen");
  const root = form.dataset.root || "";  // of the site, where the index is
  const pages = form.dataset.pages || root;  // of the pages in this page's language
  const fileMode = location.protocol === "file:";
  const contentLang = form.dataset.contentLang;  // set when the page's language is not the content's
  const inContentLang = node => { if (contentLang) node.setAttribute("lang", contentLang); return node; };
  const FACET_LABELS = {};
  for (const facet of ["organisation", "kind", "theme", "audience", "status", "role"]) FACET_LABELS[facet] = say("js_facet_" + facet);
  // Facet values are stored in the site's main language; another language's page names them in its own.
  const valueLabels = JSON.parse((document.getElementById("facet-values") || {}).textContent || "{}");
  const named = value => valueLabels[value] || value;
  // An initiative's deadline state as its pages show it (partials/deadline.html, in the page's
  // language): the page holds one of each state; a card names its state (card.d).
  const deadlineStates = document.getElementById("deadline-states");
  const deadline = state => {
    const shown = state && deadlineStates && deadlineStates.content.querySelector(".deadline--" + state);
    return shown ? shown.cloneNode(true) : null;
  };
  const waiting = new Map();

  window.RetningSearchData = function (kind, name, data) {
    const resolve = waiting.get(kind + "/" + name);
    if (resolve) { waiting.delete(kind + "/" + name); resolve(data); }
  };

  function url(kind, name, manifest) {
    // cards, parts, docs and filters keep their names across builds: the manifest gives their version
    const version = manifest && ["cards", "parts", "docs", "filters"].includes(kind) ? manifest[kind] : "";
    const path = kind === "manifest" || kind === "docs" || kind === "filters" ? "search/" + kind : "search/" + kind + "/" + name;
    return root + path + ".js" + (version ? "?v=" + version : "");
  }

  function load(kind, name, manifest) {
    if (!fileMode) {
      // Every search file is a script; over http its JSON payload is read from it.
      const prefix = 'RetningSearchData("' + kind + '","' + name + '",';
      return fetch(url(kind, name, manifest), {cache: kind === "manifest" ? "no-cache" : "default"})
        .then(response => { if (!response.ok) throw new Error(response.status); return response.text(); })
        .then(text => JSON.parse(text.slice(prefix.length, text.lastIndexOf(")"))));
    }
    // file:// forbids fetch; the same data as a classic script calls RetningSearchData.
    return new Promise((resolve, reject) => {
      waiting.set(kind + "/" + name, resolve);
      const script = document.createElement("script");
      script.src = url(kind, name, manifest);
      script.onerror = () => reject(new Error("could not load " + script.src));
      script.onload = () => script.remove();
      document.head.append(script);
    });
  }

  const engine = RetningSearch.createEngine(load);
  const filters = {};
  let counter = 0;

  function readUrl() {
    const params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    for (const facet of Object.keys(FACET_LABELS)) filters[facet] = params.getAll(facet);
    if (Object.values(filters).some(values => values.length)) filterBox.open = true;
  }

  function writeUrl() {
    const params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    for (const [facet, values] of Object.entries(filters)) values.forEach(v => params.append(facet, v));
    const query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function element(tag, attributes, text) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* The text as text nodes, with <mark> around the ranges [start, end] (matching words). */
  function marked(text, ranges) {
    const fragment = document.createDocumentFragment();
    let at = 0;
    for (const [start, end] of ranges) {
      if (start > at) fragment.append(document.createTextNode(text.slice(at, start)));
      fragment.append(element("mark", {}, text.slice(start, end)));
      at = end;
    }
    if (at < text.length) fragment.append(document.createTextNode(text.slice(at)));
    return fragment;
  }

  const PAGE = 10;
  let shown = PAGE;
  const more = element("button", {type: "button", class: "more", hidden: ""}, say("js_search_more"));
  list.after(more);
  more.addEventListener("click", () => {
    const first = shown;
    shown += PAGE;
    run().then(() => { const next = list.children[first]; if (next) next.querySelector("a").focus(); });
  });

  function renderResults(results, terms) {
    list.replaceChildren();
    for (const {card, sub} of results.filter(r => r.card)) {
      const item = element("li", {class: "result"});
      const heading = inContentLang(element("h2", {class: "result__title"}));
      const page = pages + card.u + "index.html";
      const link = element("a", {href: page});
      link.append(marked(card.t, engine.highlights(card.t, terms)));
      heading.append(link);
      item.append(heading);
      const meta = element("p", {class: "meta"}, [named(card.k), card.o, card.s].filter(Boolean).join(" · "));
      const state = deadline(card.d);
      if (state) meta.append(meta.textContent ? " · " : "", state);
      item.append(meta);
      if (card.x && sub) {  // the passage of the excerpt around the best-matching words
        const excerpt = inContentLang(element("p", {class: "result__excerpt"}));
        excerpt.append(marked(sub.snippet.text, sub.snippet.highlights));
        item.append(excerpt);
      }
      if (sub && sub.parts.length) {  // where on the page: up to three parts, each with its passage
        const parts = element("div", {class: "link-list result__parts", role: "list", "aria-label": say("js_search_parts")});
        for (const part of sub.parts) {
          const entry = inContentLang(element("div", {class: "result__part", role: "listitem"}));
          const partLink = element("a", {href: page + "#" + encodeURIComponent(part.anchor)});
          partLink.append(marked(part.title, engine.highlights(part.title, terms)));
          entry.append(partLink);
          if (part.text) {
            const passage = element("p", {class: "result__excerpt"});
            passage.append(marked(part.snippet.text, part.snippet.highlights));
            entry.append(passage);
          }
          parts.append(entry);
        }
        item.append(parts);
      }
      list.append(item);
    }
  }

  function renderFacets(counts) {
    const focused = document.activeElement && document.activeElement.id;
    const picked = Object.values(filters).reduce((sum, values) => sum + values.length, 0);
    chosen.textContent = picked ? say("js_search_filters_chosen", {count: picked}) : "";
    if (!counts) return;
    facetBox.replaceChildren();
    for (const facet of Object.keys(FACET_LABELS)) {
      const values = Object.entries(counts[facet] || {}).concat(
        (filters[facet] || []).filter(v => !(counts[facet] || {})[v]).map(v => [v, 0]));
      if (!values.length) continue;
      values.sort((a, b) => b[1] - a[1] || named(a[0]).localeCompare(named(b[0]), document.documentElement.lang));
      const fieldset = element("fieldset", {class: "facet"});
      fieldset.append(element("legend", {}, FACET_LABELS[facet]));
      for (const [value, count] of values) {
        const id = "filter-" + facet + "-" + RetningSearch.hex(value);
        const box = element("input", {type: "checkbox", id, name: facet, value});
        box.checked = (filters[facet] || []).includes(value);
        box.addEventListener("change", () => {
          filters[facet] = box.checked ? [...(filters[facet] || []), value] : filters[facet].filter(v => v !== value);
          run();
        });
        const label = element("label", {for: id}, named(value) + " ");
        label.append(element("span", {class: "count"}, "(" + count + ")"));
        const row = element("div", {class: "facet__option"});
        row.append(box, label);
        fieldset.append(row);
      }
      facetBox.append(fieldset);
    }
    if (focused && document.getElementById(focused)) document.getElementById(focused).focus();
  }

  async function run() {
    const query = input.value;
    const ticket = ++counter;
    writeUrl();
    if (!query.trim()) {
      list.replaceChildren();
      facetBox.replaceChildren();
      filterBox.hidden = true;
      status.textContent = say("js_search_empty");
      return;
    }
    try {
      const {terms, results, counts} = await engine.search(query, filters, shown, filterBox.open);
      if (ticket !== counter) return;  // a newer query is under way
      renderResults(results, terms);
      renderFacets(counts);
      filterBox.hidden = !results.length && !chosen.textContent;
      more.hidden = results.length <= shown;
      const partial = results.length > shown ? say("js_search_best", {shown: shown}) : "";
      status.textContent = results.length
        ? say(results.length === 1 ? "js_search_results_one" : "js_search_results_other", {count: results.length, query: query.trim()}) + partial + "."
        : say("js_search_none", {query: query.trim()});
    } catch (error) {
      status.textContent = say("js_search_failed");
    }
  }

  let timer = null;
  input.addEventListener("input", () => { shown = PAGE; clearTimeout(timer); timer = setTimeout(run, 0); });
  filterBox.addEventListener("toggle", () => { if (filterBox.open) run(); });
  form.addEventListener("submit", event => { event.preventDefault(); clearTimeout(timer); run(); });
  ui.hidden = false;
  document.querySelectorAll(".search-nojs").forEach(node => { node.hidden = true; });
  readUrl();
  run();
})();
