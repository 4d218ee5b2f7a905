/* Visit page: a citation link beside a fact scrolls to the quoted passage of the source and
 * highlights it; the print button prints. Without JavaScript the links still jump to the passage. */
(function () {
  "use strict";

  function highlight(number) {
    var first = null;
    document.querySelectorAll("mark[data-cites]").forEach(function (mark) {
      var active = mark.dataset.cites.split(" ").indexOf(number) >= 0;
      mark.classList.toggle("is-active", active);
      if (active && !first) {
        first = mark;
      }
    });
    return first;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.cite-link");
    if (!link) {
      return;
    }
    var mark = highlight(link.dataset.cite);
    if (mark) {
      event.preventDefault();
      mark.scrollIntoView({ behavior: "smooth", block: "center" });
      history.replaceState(null, "", "#cite-" + link.dataset.cite);
    }
  });

  var target = /^#cite-(\d+)$/.exec(window.location.hash);
  if (target) {
    highlight(target[1]);
  }

  var printButton = document.querySelector("[data-print]");
  if (printButton) {
    printButton.addEventListener("click", function () { window.print(); });
  }
})();
