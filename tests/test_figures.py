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


def texts_of(name):
    return re.findall(r"<text[^>]*>([^<]*)</text>", (IMG / name).read_text())


# The stride-2 (and dilation-2) output of Figure 1's input and kernel, worked out by hand: with a
# stride of 2 each 2 x 2 block is one input element times the kernel [[0, 1], [2, 3]].
STRIDE_2_OUTPUT = ["0", "0", "0", "1", "0", "0", "2", "3", "0", "2", "0", "3", "4", "6", "6", "9"]


@pytest.mark.parametrize("name, operator", [("trans_conv_stride.svg", "stride 2"),
                                            ("trans_conv_dilation.svg", "dilation 2")])
def test_stride_and_dilation_figures_show_their_output(name, operator):
    texts = texts_of(name)
    assert texts[-17:] == STRIDE_2_OUTPUT + ["Output"]
    assert texts[:5] == ["0", "1", "2", "3", "Input"]
    assert operator in texts


def test_dilation_figure_shows_gaps_in_each_copy():
    # The copy of the element 3 has its four numbers at rows 1, 3 and columns 1, 3 of the 4 x 4
    # canvas: a dilation of 2 leaves one empty row and column between them.
    svg = (IMG / "trans_conv_dilation.svg").read_text()
    copy = re.findall(r'<text[^>]*x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>', svg)
    numbers = [(float(x), float(y), t) for x, y, t in copy]
    title = next(i for i, (_, _, t) in enumerate(numbers) if t == "3 × kernel")
    cells = numbers[title - 4:title]  # the copy's four numbers come just before its title
    assert [t for _, _, t in cells] == ["0", "3", "6", "9"]
    xs = sorted({round(x) for x, _, _ in cells})
    ys = sorted({round(y) for _, y, _ in cells})
    assert len(xs) == len(ys) == 2
    cell = numbers[1][0] - numbers[0][0]  # the input's columns are one cell apart
    assert xs[1] - xs[0] == pytest.approx(2 * cell, abs=1) and ys[1] - ys[0] == pytest.approx(2 * cell, abs=1)


def test_padding_figure_greys_the_cropped_border():
    svg = (IMG / "trans_conv_padding.svg").read_text()
    texts = re.findall(r'<text style="([^"]*)"[^>]*>([^<]*)</text>', svg)
    full = texts[:9]  # the full output 0, 0, 1; 0, 4, 6; 4, 12, 9 (Figure 1's output)
    assert [t for _, t in full] == ["0", "0", "1", "0", "4", "6", "4", "12", "9"]
    grey = [t for style, t in full if figures.CROPPED_TEXT.lower() in style.lower()]
    assert len(grey) == 8, "the 8 border elements of the 3 x 3 full output are cropped by padding 1"
    assert [t for _, t in texts[-2:]] == ["4", "Output"]
