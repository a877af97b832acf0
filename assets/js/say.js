/* Interface text for the page's scripts, in the page's language: the page carries the messages its
   scripts need (<script type="application/json" id="interface-text">); say(key, {name: value})
   fills in {name}, numbers formatted for the page's language (1.400 in Danish, 1,400 in English). */
window.RetningSay = (function () {
  "use strict";
  var source = document.getElementById("interface-text");
  var messages = source ? JSON.parse(source.textContent) : {};
  var language = document.documentElement.lang || "da";
  return function say(key, params) {
    return (messages[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      var value = params ? params[name] : undefined;
      if (value === undefined) return whole;
      return typeof value === "number" ? value.toLocaleString(language) : String(value);
    });
  };
})();
