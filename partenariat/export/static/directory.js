/* partenariat — the directory's search and filters. The cards are in the page already
   (escaped on the server); this script only sets their `hidden` attribute. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("directory-data").textContent);

  function fold(value) {
    return String(value).normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[\s_\-'’]+/g, " ").trim();
  }

  var fieldByFold = {};
  data.fields.forEach(function (name) { fieldByFold[fold(name)] = name; });
  var entries = data.entries.map(function (entry) {
    return {
      entry: entry,
      card: document.getElementById(entry.anchor),
      text: fold(entry.text),
      fields: entry.fields.map(fold),
      publics: entry.publics.map(fold),
      codes: entry.codes
    };
  });
  var search = document.getElementById("search");
  var count = document.getElementById("count");
  var empty = document.getElementById("no-match");
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));

  function chosen(key) {
    var select = document.getElementById("filter-" + key);
    return select ? select.value : "";
  }

  function keeps(item, query, field, publicName, reach) {
    if (query) {
      // A query that is exactly a field keeps exactly the organisations offering it.
      if (fieldByFold[query] !== undefined) {
        if (item.fields.indexOf(query) === -1) { return false; }
      } else if (item.text.indexOf(query) === -1) {
        return false;
      }
    }
    if (field && item.fields.indexOf(fold(field)) === -1) { return false; }
    if (publicName && item.publics.length && item.publics.indexOf(fold(publicName)) === -1) {
      return false;
    }
    if (reach && !item.codes.some(function (code) { return reach[code]; })) { return false; }
    return true;
  }

  function apply() {
    var query = fold(search.value);
    var commune = chosen("commune");
    var reach = null;
    if (commune) {
      reach = {};
      (data.reach[commune] || [commune]).forEach(function (code) { reach[code] = true; });
    }
    var field = chosen("field");
    var publicName = chosen("public");
    var shown = 0;
    entries.forEach(function (item) {
      var keep = keeps(item, query, field, publicName, reach);
      item.card.hidden = !keep;
      if (keep) { shown += 1; }
    });
    Array.prototype.forEach.call(document.querySelectorAll("section.letter"), function (section) {
      section.hidden = !section.querySelector("article:not([hidden])");
    });
    empty.hidden = shown > 0;
    var template = shown === 1 || (shown === 0 && data.lang === "fr")
      ? data.text.count_one : data.text.count_many;
    count.textContent = template.replace("{n}", String(shown));
    document.body.setAttribute("data-visible", String(shown));
    return shown;
  }

  search.addEventListener("input", apply);
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  document.getElementById("reset").addEventListener("click", function () {
    search.value = "";
    selects.forEach(function (select) { select.value = ""; });
    apply();
  });
  apply();
  window.partenariatDirectory = { apply: apply };
  document.body.setAttribute("data-ready", "true");
}());
