"""Rendering of frames (transconv.render) and the static players (transconv.players)."""

import re
from html.parser import HTMLParser

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transconv import frames as fr
from transconv import players, render


class Cells(HTMLParser):
    """Collect each table's ``td`` cells as (classes, text without the count span)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._in_count = [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "td":
            self._cell = [set((attrs.get("class") or "").split()), ""]
        elif tag == "span" and attrs.get("class") == "cnt":
            self._in_count = True

    def handle_endtag(self, tag):
        if tag == "td":
            self.tables[-1].append(tuple(self._cell))
            self._cell = None
        elif tag == "span":
            self._in_count = False

    def handle_data(self, data):
        if self._cell is not None and not self._in_count:
            self._cell[1] += data


def parse(html_text):
    parser = Cells()
    parser.feed(html_text)
    return parser.tables


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 2**16), st.integers(1, 6), st.integers(1, 6))
def test_grid_shows_every_number_and_marks_highlighted_cells(seed, rows, cols):
    rng = np.random.default_rng(seed)
    values = rng.integers(-20, 20, size=(rows, cols)) / rng.choice([1, 2, 4])
    mask = rng.random((rows, cols)) < 0.4
    (cells,) = parse(render.grid(values, {"win": mask}, "Values"))
    assert [text for _, text in cells] == [render.number(v) for v in values.ravel()]
    assert [("win" in classes) for classes, _ in cells] == mask.ravel().tolist()
    for text, value in zip((t for _, t in cells), values.ravel()):
        assert float(text) == value  # the number shown is the value, not a rounding of it


def test_number_formats():
    assert [render.number(v) for v in (348.0, -0.0, 2.5, float("nan"), 1 / 3)] == \
        ["348", "0", "2.5", "?", "0.3333"]


def test_stepper_frame_highlights_window_and_current_cell():
    frames = fr.stepper_frames(padding=1)
    f = frames[5]
    padded, kernel, output = parse(render.stepper_html(f, len(frames)))
    assert [("win" in c) for c, _ in padded] == f.window_mask.ravel().tolist()
    assert [("pad" in c) for c, _ in padded] == f.padding_mask.ravel().tolist()
    assert [t for _, t in kernel] == [render.number(v) for v in f.kernel.ravel()]
    current = [i for i, (c, _) in enumerate(output) if "cur" in c]
    assert current == [np.ravel_multi_index(f.out_pos, f.output.shape)]
    assert sum("todo" in c for c, _ in output) == np.isnan(f.output).sum()


def test_scatter_frame_highlights_the_copy_and_counts():
    frames = fr.scatter_add_frames(stride=2)
    f = frames[2]
    x, k, scaled, canvas = parse(render.scatter_html(f, len(frames)))
    assert [("cur" in c) for c, _ in x] == [False, False, True, False]
    assert [("new" in c) for c, _ in canvas] == f.added.ravel().tolist()
    body = render.scatter_html(f, len(frames))
    assert body.count('class="cnt"') == f.canvas.size
    crop = parse(render.scatter_html(frames[-2], len(frames)))[-1]
    assert [("keep" in c) for c, _ in crop] == frames[-2].kept.ravel().tolist()


def test_matrix_frame_highlights_row_and_window():
    frames = fr.matrix_frames()
    f = frames[1]
    x, y, W = parse(render.matrix_html(f, len(frames)))
    assert [("win" in c) for c, _ in W] == f.entries.ravel().tolist()
    assert [("band" in c) for c, _ in W] == f.band.ravel().tolist()
    assert [("win" in c) for c, _ in x] == f.x_cells.ravel().tolist()
    assert [t for _, t in W] == [render.number(v) for v in f.matrix.ravel()]


@pytest.mark.parametrize("make", [players.stepper_player, players.scatter_player,
                                  players.matrix_player])
def test_players_are_self_contained_and_deterministic(make):
    text = make()
    assert "<script src" not in text.lower()
    assert not re.search(r"https?://", text)
    assert "require" not in text and "font-awesome" not in text.lower()
    assert text == make()
    ids = re.findall(r'\bid="([^"]+)"', text)
    assert len(ids) == 1 and re.fullmatch(r"tcv-[0-9a-f]{12}", ids[0])
    assert len(text.encode()) < 150_000


@pytest.mark.parametrize("make, count", [
    (lambda: players.stepper_player(), len(fr.stepper_frames())),
    (lambda: players.scatter_player(stride=2, padding=1, output_padding=1),
     len(fr.scatter_add_frames(stride=2, padding=1, output_padding=1))),
    (lambda: players.matrix_player(), len(fr.matrix_frames())
     + len(fr.matrix_frames(mode="transposed"))),
])
def test_one_frame_per_step(make, count):
    text = make()
    assert text.count('class="tcv-frame"') == count
    assert text.count('class="tcv-frame" hidden') == count - 1
    assert f'max="{count - 1}"' in text


def test_player_ids_follow_the_content():
    assert players.stepper_player() != players.stepper_player(padding=1)
    first = re.search(r'id="([^"]+)"', players.stepper_player()).group(1)
    other = re.search(r'id="([^"]+)"', players.stepper_player(padding=1)).group(1)
    assert first != other


def test_player_controls_are_labelled():
    text = players.scatter_player()
    for label in ('aria-label="Previous step"', 'aria-label="Play"', 'aria-label="Next step"',
                  "<label>Step <input", "Show contributions per cell"):
        assert label in text


def test_player_refuses_no_frames():
    with pytest.raises(ValueError, match="pages"):
        players.player([], "empty")
