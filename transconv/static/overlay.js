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

/** The box around cells [top, left] .. [bottom, right] (inclusive): [x, y, width, height], or null. */
function areaBox(grid, area) {
  const from = area && boxOf(grid, area[0], area[1]);
  const to = area && boxOf(grid, area[2], area[3]);
  return from && to ? [from[0], from[1], to[0] + to[2] - from[0], to[1] + to[3] - from[1]] : null;
}

/** Place a frame on a box (areaBox); jump there if it was hidden (then true: its glide is off until laid out). */
function placeFrame(node, box) {
  if (!box) {
    node.hidden = true;
    return false;
  }
  const jump = node.hidden;
  node.hidden = false;
  if (jump) {
    node.style.transition = "none";
  }
  const pad = 3;
  node.style.transform = `translate(${box[0] - pad}px, ${box[1] - pad}px)`;
  node.style.width = `${box[2] + 2 * pad}px`;
  node.style.height = `${box[3] + 2 * pad}px`;
  return jump;
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
      // a new shape rebuilt the cells
      grid.cells.append(layer);
    }
    if (!grid.cells.offsetParent) {
      // a hidden grid has no geometry: placed when it is drawn again
      return;
    }
    // every offset is read before anything is written: one layout, not one per badge (a 36x36 W
    // has 1,296 index badges, and a write between two reads lays the page out again)
    const frameBoxes = [...wanted.frames].map(([name, area]) => [name, areaBox(grid, area)]);
    const badgeBoxes = wanted.badges.map((badge) => boxOf(grid, badge.i, badge.j));
    const jumped = frameBoxes.filter(([name, box]) => {
      if (!frames.has(name)) {
        frames.set(name, layer.appendChild(el("div", { class: `tcv-frame tcv-frame-${name}`, hidden: true })));
      }
      return placeFrame(frames.get(name), box);
    });
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
    if (jumped.length) {
      // the jumps are laid out (once) before the glide comes back
      void layer.offsetWidth;
      for (const [name] of jumped) {
        frames.get(name).style.transition = "";
      }
    }
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
