/* Tidslinje, a year's page: filter by organisation, theme and passed deadlines at once, with the choice kept in the URL
   (?organisation=…&tema=…&frist=overskredet). Without JavaScript every item shows and the filters stay hidden. */
(function () {
  "use strict";
  var form = document.getElementById("timeline-filters");
  var status = document.getElementById("timeline-status");
  if (!form || !status || !window.RetningSay) return;
  var say = window.RetningSay;
  var organisation = form.elements.organisation;
  var theme = form.elements.tema;
  var overdue = form.elements.frist;  /* absent when nothing on the page is overdue */
  var items = Array.prototype.slice.call(document.querySelectorAll(".timeline li"));
  var keepers = Array.prototype.slice.call(document.querySelectorAll("a[data-keep-filter]"));

  function fromUrl() {
    var params = new URLSearchParams(window.location.search);
    organisation.value = params.get("organisation") || "";
    theme.value = params.get("tema") || "";
    if (overdue) overdue.checked = params.get("frist") === "overskredet";
    if (organisation.selectedIndex < 0) organisation.value = "";
    if (theme.selectedIndex < 0) theme.value = "";
  }

  function apply(updateUrl) {
    var shown = 0, late = 0;
    items.forEach(function (item) {
      var match = (!organisation.value || item.getAttribute("data-organisation") === organisation.value) &&
        (!theme.value || item.getAttribute("data-themes").indexOf(" " + theme.value + " ") >= 0) &&
        (!overdue || !overdue.checked || item.getAttribute("data-frist") === "overskredet");
      item.hidden = !match;
      if (match) {
        shown += 1;
        if (item.getAttribute("data-frist") === "overskredet") late += 1;
      }
    });
    status.textContent = say("js_timeline_shown", {shown: shown, total: items.length}) +
      (late ? say("js_timeline_late", {late: late}) : "") + (form.hasAttribute("data-paged") ? say("js_on_this_page") : "") + ".";
    var params = new URLSearchParams(window.location.search);
    [["organisation", organisation.value], ["tema", theme.value],
     ["frist", overdue && overdue.checked ? "overskredet" : ""]].forEach(function (pair) {
      if (pair[1]) params.set(pair[0], pair[1]); else params.delete(pair[0]);
    });
    var query = params.toString() ? "?" + params.toString() : "";
    keepers.forEach(function (link) {  /* the next year opens with the same filter */
      link.setAttribute("href", link.getAttribute("href").split("?")[0] + query);
    });
    if (updateUrl && window.history && window.history.replaceState) {
      window.history.replaceState(null, "", window.location.pathname + query);
    }
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  organisation.addEventListener("change", function () { apply(true); });
  theme.addEventListener("change", function () { apply(true); });
  if (overdue) overdue.addEventListener("change", function () { apply(true); });
  fromUrl();
  apply(false);
})();
