"""The committed figures are exactly what ``transconv.figures`` draws."""

import io
import re
from pathlib import Path

import pytest

from transconv import figures

IMG = Path(__file__).resolve().parent.parent / "img"


def drawn_content(svg):
    """The drawing of an SVG file without its metadata, ids and references to ids."""
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s(id|xlink:href|href|clip-path)="[^"]*"', "", svg)
    return svg


def draw(name):
    buffer = io.StringIO()
    figures.save_svg(figures.FIGURES[name](), buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("name", sorted(figures.FIGURES))
def test_committed_figure_matches_code(name):
    committed = (IMG / name).read_text()
    assert drawn_content(committed) == drawn_content(draw(name)), (
        f"img/{name} differs from what transconv.figures draws: run `make figures`"
    )


def test_trans_conv_figure_shows_the_seed_numbers():
    # Text is kept as text: the output grid's numbers (from the seed), then its title.
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", (IMG / "trans_conv.svg").read_text())
    assert texts[-10:] == ["0", "0", "1", "0", "4", "6", "4", "12", "9", "Output"]
    assert texts[:5] == ["0", "1", "2", "3", "Input"]
