/* Tilbud: filter by need, audience and provider at once; each choice's count says how many offers
   it would leave given the other choices; the choices are kept in the URL (?behov=…&maalgruppe=…).
   Without JavaScript the page lists every offer and links to one page per filter value. */
(function () {
  "use strict";
  var form = document.getElementById("offer-filters");
  var status = document.getElementById("offer-status");
  if (!form || !status || !window.RetningSay) return;
  var say = window.RetningSay;
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var cards = Array.prototype.slice.call(document.querySelectorAll(".offer-group .card"));
  var groups = Array.prototype.slice.call(document.querySelectorAll(".offer-group"));

  function matches(card, except) {
    return selects.every(function (select) {
      return select === except || !select.value ||
        card.getAttribute("data-" + select.name).indexOf(" " + select.value + " ") >= 0;
    });
  }

  function apply(updateUrl) {
    var shown = 0;
    cards.forEach(function (card) {
      card.hidden = !matches(card, null);
      if (!card.hidden) shown += 1;
    });
    groups.forEach(function (group) {
      group.hidden = !group.querySelector(".card:not([hidden])");
    });
    selects.forEach(function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        var count = cards.filter(function (card) {
          return matches(card, select) && (!option.value ||
            card.getAttribute("data-" + select.name).indexOf(" " + option.value + " ") >= 0);
        }).length;
        option.textContent = option.getAttribute("data-label") + " (" + count + ")";
      });
    });
    status.textContent = say(shown === 1 ? "js_offers_shown_one" : "js_offers_shown_other", {count: shown});
    if (updateUrl && window.history && window.history.replaceState) {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (select) {
        if (select.value) params.set(select.name, select.value); else params.delete(select.name);
      });
      var query = params.toString();
      window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    }
  }

  var params = new URLSearchParams(window.location.search);
  selects.forEach(function (select) {
    select.value = params.get(select.name) || "";
    if (select.selectedIndex < 0) select.value = "";
    select.addEventListener("change", function () { apply(true); });
  });
  form.hidden = false;
  // The filters wait behind one control on a phone; on a wide screen, or when the URL chose some, they show.
  var box = document.getElementById("offer-filter-box");
  if (box && (window.matchMedia("(min-width: 50rem)").matches || selects.some(function (s) { return s.value; }))) box.open = true;
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  apply(false);
})();
