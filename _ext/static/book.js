// The book's page behaviour (theme only; the players run their own modules).
// - Scroll boxes: a display equation or a phone-width figure that is wider than its column scrolls,
//   and then it is a Tab stop with a name (the formulas themselves are never Tab stops).
// - Figures on narrow screens keep at least MIN_SCALE of their natural size, in a scroll box.
// A classic (deferred) script, not a module: Chromium refuses module scripts on file:// pages,
// and the book is read offline from files too.
"use strict";
(() => {

const MIN_SCALE = 0.56; // of an image's natural width; the tests ask for >= 0.55

function setScrollable(box, label) {
  const overflows = box.scrollWidth > box.clientWidth + 1;
  box.classList.toggle("tc-scrolls", overflows);
  // A figure keeps its role and its caption as its name; other boxes become a named group.
  const named = box.tagName !== "FIGURE";
  if (overflows) {
    box.tabIndex = 0;
    if (named) {
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", label);
    }
  } else if (box.dataset.tcScroll) {
    box.removeAttribute("tabindex");
    if (named) {
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
  if (overflows) box.dataset.tcScroll = "1";
  else delete box.dataset.tcScroll;
}

function fitImage(img) {
  const box = img.closest("figure, .cell_output");
  if (!box || !img.naturalWidth || img.closest("[data-player]")) return;
  img.style.minWidth = "";
  box.classList.remove("tc-scrolls");
  const floor = Math.ceil(MIN_SCALE * img.naturalWidth);
  if (img.getBoundingClientRect().width < floor - 0.5) {
    img.style.minWidth = `${floor}px`;
    box.classList.add("tc-scrolls");
  }
  setScrollable(box, "Figure, scrolls sideways");
}

function layout() {
  for (const eq of document.querySelectorAll("article.bd-article div.math")) {
    setScrollable(eq, "Equation, scrolls sideways");
  }
  for (const img of document.querySelectorAll("article.bd-article :is(figure, .cell_output) img")) {
    if (img.complete) fitImage(img);
    else img.addEventListener("load", () => fitImage(img), { once: true });
  }
  document.documentElement.dataset.tcLayout = "done";
}

let pending = 0;
function scheduleLayout() {
  cancelAnimationFrame(pending);
  pending = requestAnimationFrame(layout);
}

// The formulas come typeset (KaTeX, at build time); their widths are final once their fonts are in.
// Laid out again when the column's width changes, and when something outside the players may have
// shown what was hidden (a collapsed box opened, a tab chosen); not when a player changes its height,
// which it does at every step.
document.fonts.ready.then(() => {
  layout();
  let width = null;
  new ResizeObserver((entries) => {
    const now = entries[entries.length - 1].contentRect.width;
    if (now !== width) {
      width = now;
      scheduleLayout();
    }
  }).observe(document.querySelector("article.bd-article") ?? document.body);
  document.addEventListener("toggle", scheduleLayout, true);
  document.addEventListener("click", (event) => {
    if (!(event.target instanceof Element && event.target.closest("[data-player]"))) scheduleLayout();
  });
});
})();
