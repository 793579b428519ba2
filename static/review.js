// Keyboard shortcuts: a key pressed outside a text field clicks the visible button marked data-key.
// htmx: 4xx answers (a conflict, a missing reason) are swapped in like any other, so their message shows.
document.addEventListener("DOMContentLoaded", function () {
  if (window.htmx) {
    htmx.config.responseHandling = [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "4..", swap: true, error: false },
      { code: "...", swap: false, error: true },
    ];
  }
});
document.addEventListener("keydown", function (event) {
  const target = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (target.closest("input, textarea, select, [contenteditable]")) return;
  const button = document.querySelector('[data-key="' + CSS.escape(event.key) + '"]');
  if (button) {
    event.preventDefault();
    button.click();
  }
});
