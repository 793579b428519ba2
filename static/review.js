// Keyboard shortcuts: a key pressed outside a text field clicks the visible button marked data-key (or
// focuses the field so marked); Enter or Esc in a field goes back to the keys. In an article's text,
// j/k and the up and down arrows move from claim to claim and load its panel.
// Words selected in a sentence's text ([data-sentence-text]), with the mouse or with Shift and the arrow
// keys, fill the change form's start and end (offsets into the sentence's text) and text; the server
// checks that they agree with the sentence.
// htmx: 4xx answers (a conflict, a missing reason) are swapped in like any other, so their message shows.
document.addEventListener("DOMContentLoaded", function () {
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4..", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
    htmx.config.reportValidityOfForms = true; // a missing reason says so, as without htmx
  }
});

const MOVES = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 };
const CARET = { ArrowLeft: "backward", ArrowRight: "forward" };

function claims() {
  return Array.from(document.querySelectorAll(".text .sentence:not(.not-claim)"));
}

function selectedClaim() {
  return document.querySelector(".text .sentence.selected");
}

function moveClaim(step) {
  const all = claims();
  const current = all.indexOf(selectedClaim());
  const next = current < 0 ? (step > 0 ? 0 : all.length - 1) : current + step;
  const link = all[Math.min(Math.max(next, 0), all.length - 1)];
  link.focus();
  link.scrollIntoView({ block: "nearest" });
  link.click(); // marks it selected (below) and, with htmx, loads its panel
}

function backToKeys(field) {
  field.blur();
  (selectedClaim() || document.body).focus();
}

// Move the caret, or with Shift extend the selection, inside a sentence's text by one character.
function moveCaret(container, event) {
  const selection = window.getSelection();
  const inside = selection.rangeCount && container.contains(selection.anchorNode);
  if (!inside) selection.collapse(container, event.key === "ArrowLeft" ? container.childNodes.length : 0);
  selection.modify(event.shiftKey ? "extend" : "move", CARET[event.key], "character");
}

document.addEventListener("keydown", function (event) {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target.closest("input, textarea, select, [contenteditable]")) {
    if (target.matches("input[data-key], [data-selection]") && ["Enter", "Escape"].includes(event.key)) {
      event.preventDefault();
      backToKeys(target);
    }
    return;
  }
  const text = target.closest("[data-sentence-text]");
  if (text && Object.hasOwn(CARET, event.key)) {
    event.preventDefault();
    moveCaret(text, event);
    return;
  }
  if (Object.hasOwn(MOVES, event.key) && claims().length) {
    event.preventDefault();
    moveClaim(MOVES[event.key]);
    return;
  }
  const marked = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
  if (!marked) return;
  event.preventDefault();
  if (marked.matches("input")) marked.focus();
  else marked.click();
});

function markSelected(link) {
  document.querySelectorAll(".text .sentence.selected").forEach(function (other) {
    if (other !== link) other.classList.remove("selected");
  });
  link.classList.add("selected");
}

document.addEventListener("click", function (event) {
  const link = event.target.closest(".text .sentence");
  if (link) markSelected(link);
});

// The panel that came back (after an undo, another claim's) says which claim is selected.
document.addEventListener("htmx:afterSettle", function () {
  const text = document.querySelector("#panel [data-sentence-text]");
  const link = text && document.getElementById("s" + text.dataset.sentenceText);
  if (link) markSelected(link);
});

// The number of characters of `container`'s text before (node, offset).
function offsetIn(container, node, offset) {
  const range = document.createRange();
  range.setStart(container, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

document.addEventListener("selectionchange", function () {
  const selection = window.getSelection();
  if (!selection.rangeCount || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  const container = document.querySelector("[data-sentence-text]");
  const form = document.querySelector(".change-form");
  if (!container || !form) return;
  if (!container.contains(range.startContainer) || !container.contains(range.endContainer)) return;
  form.querySelector('[data-selection="start"]').value = offsetIn(container, range.startContainer, range.startOffset);
  form.querySelector('[data-selection="end"]').value = offsetIn(container, range.endContainer, range.endOffset);
  form.querySelector('[data-selection="text"]').value = range.toString();
});

// Words typed by hand have no offsets: the server looks them up in the sentence.
document.addEventListener("input", function (event) {
  if (event.target.matches('[data-selection="text"]')) {
    event.target.form.querySelector('[data-selection="start"]').value = "";
    event.target.form.querySelector('[data-selection="end"]').value = "";
  }
});
