// Overlays of a grid: frames that glide between steps and numbered badges, drawn over the cells.
//
// A frame (the window of a convolution, the place a copy lands, the cells a padding keeps) is one
// absolutely positioned box moved by a CSS transform, so the grid below is never laid out again
// and the eye follows it; prefers-reduced-motion turns the glide off (players.css). Badges pair
// the products of a pointed sum (the same number on an input cell and on its kernel cell) or
// label cells with their flat indices (the matrix view). Everything is placed in the next
// animation frame, after data-state is written, from the cells' own offsets (whatever size the
// cells are drawn at), and hidden from the accessibility tree: the live region says it in words.

import { el } from "./grid.js";

/** Where cell (i, j) of a grid lies inside its cells' element: [x, y, width, height] in pixels. */
function boxOf(grid, i, j) {
  const cell = grid.cell(i, j);
  return cell ? [cell.offsetLeft, cell.offsetTop, cell.offsetWidth, cell.offsetHeight] : null;
}

/**
 * Place a frame around the cells whose boxes are `from` (top left) and `to` (bottom right), or hide
 * it (null); jump there if it was hidden.
 */
function placeFrame(node, from, to) {
  if (!from || !to) {
    node.hidden = true;
    return;
  }
  const jump = node.hidden;
  node.hidden = false;
  if (jump) {
    node.style.transition = "none";
  }
  const pad = 3;
  node.style.transform = `translate(${from[0] - pad}px, ${from[1] - pad}px)`;
  node.style.width = `${to[0] + to[2] - from[0] + 2 * pad}px`;
  node.style.height = `${to[1] + to[3] - from[1] + 2 * pad}px`;
  if (jump) {
    void node.offsetWidth; // the jump is laid out before the glide comes back
    node.style.transition = "";
  }
}

/**
 * The transform that puts a badge of `kind` on its cell: a pair's number centred near the top right
 * corner (inside the grid's box, which clips its overlays: players.css), an index inside the top
 * left corner, a heading of W left of its row or above its column.
 */
function badgeTransform(kind, [x, y, w, h]) {
  const [at, anchor] = {
    row: [[x - 4, y + h / 2], "-100%, -50%"],
    col: [[x + w / 2, y - 2], "-50%, -100%"],
    index: [[x + 2, y + 1], "0, 0"],
  }[kind] || [[x + w - 6, y + 6], "-50%, -50%"];
  return `translate(${at[0]}px, ${at[1]}px) translate(${anchor})`;
}

/**
 * The overlay of a grid (createGrid's handle).
 *
 * @param {object} grid createGrid's handle (its cells and cell(i, j))
 * @returns {{frame: function, badges: function}} frame(name, area or null): a frame of class
 *   tcv-frame-<name> around cells [top, left, bottom, right]; badges([{i, j, text, kind}]): kind
 *   "pair" (a pointed sum's number), "index" (a flat index), "row" or "col" (headings of W)
 */
export function overlay(grid) {
  const layer = el("div", { class: "tcv-layer", "aria-hidden": "true" });
  const frames = new Map();
  const wanted = { frames: new Map(), badges: [] };
  const pool = [];
  let queued = false;

  const place = () => {
    queued = false;
    if (layer.parentNode !== grid.cells) {
      grid.cells.append(layer); // a new shape rebuilt the cells
    }
    if (!grid.cells.offsetParent) {
      return; // a hidden grid has no geometry: placed when it is drawn again
    }
    // every box is read before anything is written: a write between two reads lays the page out
    // again, once per badge (thousands on W) if they alternate
    const frameBoxes = [...wanted.frames].map(([name, area]) => [name, area && boxOf(grid, area[0], area[1]), area && boxOf(grid, area[2], area[3])]);
    const badgeBoxes = wanted.badges.map((badge) => boxOf(grid, badge.i, badge.j));
    for (const [name, from, to] of frameBoxes) {
      if (!frames.has(name)) {
        frames.set(name, layer.appendChild(el("div", { class: `tcv-frame tcv-frame-${name}`, hidden: true })));
      }
      placeFrame(frames.get(name), from, to);
    }
    wanted.badges.forEach((badge, n) => {
      const node = pool[n] || (pool[n] = layer.appendChild(el("span")));
      const box = badgeBoxes[n];
      node.hidden = !box;
      if (box) {
        node.className = `tcv-mark tcv-mark-${badge.kind}`;
        node.textContent = badge.text;
        node.style.transform = badgeTransform(badge.kind, box);
      }
    });
    pool.slice(wanted.badges.length).forEach((node) => { node.hidden = true; });
  };
  const schedule = () => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(place);
    }
  };
  return {
    frame(name, area) {
      wanted.frames.set(name, area);
      schedule();
    },
    badges(list) {
      wanted.badges = list;
      schedule();
    },
  };
}

/** Badges numbering the pointed products on a grid: `numbers` maps a row-major index to its badge. */
export function pairBadges(numbers, cols, at = (i, j) => [i, j]) {
  return [...numbers].map(([index, badge]) => {
    const [i, j] = at(Math.floor(index / cols), index % cols);
    return { i, j, text: String(badge), kind: "pair" };
  });
}
