// The quote picker of the admin's citation forms: the source's text beside the form; the passage
// the editor selects becomes the quote, pinned to where it stands (its offset), so a phrase that
// occurs twice cites the right occurrence. Text only: the source is shown with textContent.
(function () {
  "use strict";

  let panel = null;
  let target = null; // the form row being filled
  let picked = null; // {quote, start}

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => node.setAttribute(name, value));
    if (text) node.textContent = text;
    return node;
  }

  function buildPanel() {
    panel = el("aside", { class: "quote-picker", hidden: "", "aria-label": "Source text" });
    const header = el("header");
    header.append(el("strong", { class: "qp-title" }), el("button", { type: "button", class: "qp-close" }, "Close"));
    const text = el("div", { class: "qp-text", tabindex: "0" });
    const footer = el("footer");
    footer.append(
      el("button", { type: "button", class: "qp-use", disabled: "" }, "Use the selected text"),
      el("span", { class: "qp-hint", role: "status" }, "Select the passage that states the fact."),
    );
    panel.append(header, text, footer);
    document.body.append(panel);
    panel.querySelector(".qp-close").addEventListener("click", close);
    panel.querySelector(".qp-use").addEventListener("click", use);
    text.addEventListener("mouseup", readSelection);
    text.addEventListener("keyup", readSelection);
  }

  function field(row, suffix) {
    return row.querySelector(`[name$="-${suffix}"], [name="${suffix}"]`);
  }

  function rowOf(node) {
    return node.closest("tr.form-row, .inline-related, fieldset.module, form");
  }

  function hint(message) {
    panel.querySelector(".qp-hint").textContent = message;
  }

  async function open(button) {
    if (!panel) buildPanel();
    target = rowOf(button);
    picked = null;
    panel.querySelector(".qp-use").disabled = true;
    const source = field(target, "source");
    const text = panel.querySelector(".qp-text");
    panel.hidden = false;
    if (!source || !source.value) {
      panel.querySelector(".qp-title").textContent = "No source chosen";
      text.textContent = "";
      hint("Choose the source first, then pick the quote from its text.");
      return;
    }
    hint("Loading the source…");
    const response = await fetch(`/api/v1/sources/${encodeURIComponent(source.value)}/?fields=title,text`, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    if (!response.ok) {
      hint(`The source could not be read (${response.status}).`);
      return;
    }
    const data = await response.json();
    panel.querySelector(".qp-title").textContent = data.title;
    text.textContent = data.text;
    hint("Select the passage that states the fact.");
    text.focus();
  }

  function readSelection() {
    const text = panel.querySelector(".qp-text");
    const selection = window.getSelection();
    if (!selection.rangeCount || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    if (!text.contains(range.startContainer) || !text.contains(range.endContainer)) return;
    const before = document.createRange();
    before.selectNodeContents(text);
    before.setEnd(range.startContainer, range.startOffset);
    // Offsets in characters (code points), as the server counts them, not UTF-16 units.
    picked = { quote: range.toString(), start: Array.from(before.toString()).length };
    panel.querySelector(".qp-use").disabled = false;
    hint(`Selected ${Array.from(picked.quote).length} characters from character ${picked.start}.`);
  }

  function use() {
    if (!picked || !target) return;
    const quote = field(target, "quote");
    const start = field(target, "start");
    quote.value = picked.quote;
    if (start) start.value = picked.start;
    quote.dispatchEvent(new Event("change", { bubbles: true }));
    close();
    quote.focus();
  }

  function close() {
    panel.hidden = true;
  }

  // A "Pick from the source" button after every quote box, rows added later included.
  function addButtons(root) {
    root.querySelectorAll('textarea[name$="-quote"], textarea[name="quote"]').forEach((box) => {
      if (box.name.includes("__prefix__") || box.dataset.quotePicker) return;
      box.dataset.quotePicker = "1";
      const button = el("button", { type: "button", class: "qp-open button" }, "Pick from the source");
      button.addEventListener("click", () => open(button));
      box.after(button);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    addButtons(document);
    new MutationObserver(() => addButtons(document)).observe(document.body, { childList: true, subtree: true });
  });
})();
