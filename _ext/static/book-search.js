// The search page's snippets, cut from the reading text of every page that the page carries
// (_ext/book_search.py), so that search works from files too: Sphinx would fetch each result's page.
// A classic (deferred) script on the search page only; it watches Sphinx's result list.
/* global _highlightText, SPHINX_HIGHLIGHT_ENABLED -- Sphinx's sphinx_highlight.js */
"use strict";
(() => {

const CONTEXT = 120; // characters before the first term found; a snippet is at most 2 * CONTEXT long

const source = document.getElementById("book-search-texts");
const texts = source ? JSON.parse(source.textContent) : {};
const terms = (new URLSearchParams(window.location.search).get("q") ?? "")
  .toLowerCase().split(/\s+/).filter((t) => t.length > 0);

/** The reading text of a result (its section for a title match), or "". */
function textOf(href) {
  const [path, anchor = ""] = href.split("#");
  const page = texts[path.replace(/\.html$/, "")];
  if (!page) return "";
  const part = anchor && page.sections[anchor];
  return part ? page.text.slice(part[0], part[1]) : page.text;
}

/** Sphinx's summary: about 2 * CONTEXT characters around the first term found. */
function snippet(text) {
  const lower = text.toLowerCase();
  const found = terms.map((t) => lower.indexOf(t)).filter((i) => i > -1);
  const start = Math.max((found.length ? Math.min(...found) : 0) - CONTEXT, 0);
  const end = start + 2 * CONTEXT;
  const p = document.createElement("p");
  p.className = "context";
  p.textContent = (start > 0 ? "..." : "") + text.slice(start, end).trim() + (end < text.length ? "..." : "");
  return p;
}

function addSnippet(item) {
  const link = item.querySelector("a");
  if (!link || item.querySelector("p.context")) return;
  item.appendChild(snippet(textOf(link.getAttribute("href"))));
  if (typeof _highlightText === "function" && typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined"
      && SPHINX_HIGHLIGHT_ENABLED) {
    for (const term of terms) _highlightText(item, term, "highlighted");
  }
}

const results = document.getElementById("search-results");
if (results) {
  new MutationObserver((changes) => {
    for (const change of changes) {
      for (const node of change.addedNodes) {
        if (node.nodeName === "LI") addSnippet(node);
        else if (node.querySelectorAll) node.querySelectorAll("li").forEach(addSnippet);
      }
    }
  }).observe(results, { childList: true, subtree: true });
}
})();
