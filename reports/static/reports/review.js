// The report review page: accept all, and a proposal's passages highlighted when its card is pointed at.
(function () {
  "use strict";
  var form = document.getElementById("review-form");
  if (!form) return;
  function radios(value) {
    return form.querySelectorAll('input[type="radio"][value="' + value + '"]');
  }
  document.getElementById("accept-all").addEventListener("click", function () {
    radios("accept").forEach(function (input) { input.checked = true; });
  });
  document.getElementById("reject-undecided").addEventListener("click", function () {
    radios("reject").forEach(function (input) {
      var group = form.querySelectorAll('input[name="' + CSS.escape(input.name) + '"]');
      var decided = Array.prototype.some.call(group, function (other) { return other.checked; });
      if (!decided) input.checked = true;
    });
  });
  // A second account: the button says what it will do, merge or (ticked) create a separate draft.
  var separate = form.querySelector('input[name="separate"]');
  var submit = document.getElementById("create");
  if (separate && submit && submit.dataset.separateLabel) {
    var mergeLabel = submit.textContent;
    separate.addEventListener("change", function () {
      submit.textContent = separate.checked ? submit.dataset.separateLabel : mergeLabel;
    });
  }
  function marks(key) {
    return Array.prototype.filter.call(document.querySelectorAll("mark.proposal"), function (mark) {
      return (mark.dataset.items || "").split(" ").indexOf(key) >= 0;
    });
  }
  form.querySelectorAll(".card, li[data-key]").forEach(function (card) {
    var key = card.dataset.key;
    card.addEventListener("mouseenter", function () {
      var found = marks(key);
      found.forEach(function (mark) { mark.classList.add("active"); });
      if (found.length) found[0].scrollIntoView({ block: "nearest", behavior: "smooth" });
    });
    card.addEventListener("mouseleave", function () {
      marks(key).forEach(function (mark) { mark.classList.remove("active"); });
    });
  });
})();
