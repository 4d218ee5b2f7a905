// Filter inputs with autocomplete (tom-select): an <input data-autocomplete="<suggest URL>"> holds
// a record's slug; typing two letters asks the suggest URL for names. Without JavaScript (or
// tom-select) the input stays a text input that takes the slug, shown in the page's URL.
(function () {
  "use strict";
  if (!window.TomSelect) return;

  function fetchResults(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { return data.results || []; });
  }

  document.querySelectorAll("input[data-autocomplete]").forEach(function (input) {
    var url = input.dataset.autocomplete;
    var chosen = input.value;
    var select = new window.TomSelect(input, {
      maxItems: 1,
      create: false,
      valueField: "value",
      labelField: "text",
      searchField: [],  // the server ranks; tom-select must not filter its answer again
      loadThrottle: 250,
      shouldLoad: function (query) { return query.length >= 2; },
      load: function (query, callback) {
        fetchResults(url + "&q=" + encodeURIComponent(query)).then(callback, function () { callback(); });
      },
      render: {
        option: function (item, escape) {
          return "<div>" + escape(item.text) + (item.detail ? ' <small class="meta">' + escape(item.detail) + "</small>" : "") + "</div>";
        },
        item: function (item, escape) { return "<div>" + escape(item.text) + "</div>"; },
        no_results: function () { return '<div class="no-results">No match</div>'; },
      },
    });
    // tom-select points the <label> at its own text box and keeps the original input, visually
    // hidden and out of the tab order, for the form: take that input out of the accessibility
    // tree too (it would be announced with no label: axe's label-title-only) and give its help
    // text to the box one types in.
    var help = input.getAttribute("aria-describedby");
    if (help && select.control_input) {
      select.control_input.setAttribute("aria-describedby", help);
    }
    input.setAttribute("aria-hidden", "true");
    if (chosen) {
      // The chosen record's name instead of its slug.
      fetchResults(url + "&value=" + encodeURIComponent(chosen)).then(function (results) {
        if (!results.length) return;
        select.updateOption(chosen, results[0]);
      });
    }
  });
})();
