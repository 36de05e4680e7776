"""Highlighted code with a ``<span>`` only where it changes how the code looks.

Pygments wraps every token in ``<span class="…">``: names, punctuation and spaces
too, though in the theme's two styles (pydata-sphinx-theme's light and dark
``pygments.css``) they look exactly like the block's own text. Those spans were a
third of a code-heavy page's bytes. Here a token type keeps its span only when
one of the two styles draws it differently from plain text (colour, weight,
slant, underline, background or border); other tokens are written as text, which
takes the block's colour, so the page looks the same in light and dark and on
paper. ``tests/test_book_layer.py`` checks that on every code cell of the book, and
``tests/test_book.py`` in the built page's CSS.
"""

import functools

from pydata_sphinx_theme.utils import get_theme_options_dict
from pygments.formatters import HtmlFormatter
from pygments.token import STANDARD_TYPES, Generic, Text

#: Token types whose spans other tools read: sphinx-copybutton leaves prompts (``.gp``) out of a copy.
KEPT = frozenset({Generic.Prompt, Generic.Output, Generic.Traceback})


def theme_styles(app):
    """The Pygments styles of the theme's ``pygments.css``: ``(light, dark)``, as pydata-sphinx-theme picks them."""
    options, defaults = get_theme_options_dict(app), app.builder.theme.get_options()
    return tuple(options.get(f"pygments_{mode}_style") or defaults[f"pygments_{mode}_style"] for mode in ("light", "dark"))


def _classes(ttype):
    """The CSS classes Pygments writes for ``ttype``: its own and those of its parents up to a standard type."""
    classes = [STANDARD_TYPES.get(ttype, "")]
    while ttype not in STANDARD_TYPES:
        ttype = ttype.parent
        classes.append(STANDARD_TYPES.get(ttype, ""))
    return [name for name in classes if name]


@functools.cache
def _rules(style):
    """The CSS declarations ``style`` gives each class, and those of plain text (the block's own)."""
    rules = {name: css for name, (css, _type, _level) in HtmlFormatter(style=style).class2style.items()}
    return rules, rules.get(STANDARD_TYPES[Text])


@functools.cache
def looks_plain(ttype, styles):
    """Whether every style in ``styles`` draws ``ttype`` as it draws plain text (no rule, or Text's rule)."""
    if any(ttype in kept for kept in KEPT):
        return False
    for style in styles:
        rules, text = _rules(style)
        if any(rules.get(name, text) not in (None, text) for name in _classes(ttype)):
            return False
    return True


class LeanHtmlFormatter(HtmlFormatter):
    """Pygments' HTML formatter, leaving out the span of a token that ``styles`` all draw as plain text."""

    def __init__(self, *, styles, **options):
        super().__init__(**options)
        self.styles = styles

    def _get_css_classes(self, ttype):
        return "" if looks_plain(ttype, self.styles) else super()._get_css_classes(ttype)

    def format_unencoded(self, tokensource, outfile):
        """Format as Pygments does; where a span was left out, the ``<pre>`` takes the block's colour.

        The left-out spans drew their text in the style's own colour (pygments.css's
        ``.highlight``), which the theme's rule for ``pre`` would replace with its
        text colour. A block that leaves nothing out (an output, plain text) is untouched.
        """
        tokens = list(tokensource)
        left_out = any(looks_plain(ttype, self.styles) and super(LeanHtmlFormatter, self)._get_css_classes(ttype)
                       for ttype, _text in tokens)
        self.prestyles = "color: inherit" if left_out else ""
        super().format_unencoded(tokens, outfile)


def use_lean_spans(app):
    if app.builder.format != "html":
        return
    lean = functools.partial(LeanHtmlFormatter, styles=theme_styles(app))
    for highlighter in (app.builder.highlighter, getattr(app.builder, "dark_highlighter", None)):
        if highlighter is not None:
            highlighter.formatter = lean


def setup(app):
    app.connect("builder-inited", use_lean_spans)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
