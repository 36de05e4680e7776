"""The theme's icons as inline SVG, written into the pages when they are built.

pydata-sphinx-theme draws its icons with ``fontawesome.js`` (1.5 MB, on every page),
which swaps each ``<i class="fa-solid fa-sun">`` for an ``<svg>`` once the page has
loaded. The book writes that ``<svg>`` itself: templates call ``icon("fa-solid fa-sun")``
(a function of the page context), and nothing loads ``fontawesome.js`` or the icon
font. The drawings are Font Awesome Free's (CC BY 4.0), read from the copy of
``fontawesome.js`` that the installed theme ships, so they are the theme's own.

Every icon is decoration (``aria-hidden``): the control that holds it is named by
its text or its label.
"""

import functools
import re
from html import escape
from pathlib import Path

import pydata_sphinx_theme
from markupsafe import Markup
from sphinx.errors import ExtensionError

FONTAWESOME = (Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
               / "scripts" / "fontawesome.js")
#: Font Awesome's class prefixes and the pack each draws from.
PACKS = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far", "fa-brands": "fab", "fab": "fab"}
#: Classes that only style the icon font (sizes such as fa-lg stay: the theme's CSS sizes the SVG by them).
STYLE_ONLY = set(PACKS) | {"fa"}


@functools.cache
def _packs():
    """Each pack's definitions in fontawesome.js: the text from the previous pack's end to ``d("fas", …)``."""
    text = FONTAWESOME.read_text(encoding="utf-8")
    packs, start = {}, 0
    for match in re.finditer(r'\bd\("(fa[srb])",\w+\)', text):
        packs[match.group(1)] = text[start:match.start()]
        start = match.end()
    return packs


@functools.cache
def drawing(pack, name):
    """``(width, path)`` of icon ``name`` (e.g. ``"sun"``) in ``pack`` (``"fas"``), at a height of 512."""
    key = re.escape(name)
    pattern = rf'(?:"{key}"|(?<=[{{,]){key}):\[(\d+),512,\[[^\]]*\],"[0-9a-f]+","((?:[^"\\]|\\.)*)"\]'
    found = re.findall(pattern, _packs().get(pack, ""))
    if not found:
        raise ExtensionError(f"book_icons: no icon {name!r} in the {pack} pack of {FONTAWESOME}")
    width, path = found[-1]  # a pack defines each icon once; the last definition wins as in the script
    return int(width), path


def icon(classes, **attributes):
    """The ``<svg>`` that fontawesome.js would put in place of ``<i class="{classes}">``.

    ``classes`` is Font Awesome's (``"fa-solid fa-sun fa-lg"``, ``"fas fa-rocket"``);
    other classes and ``attributes`` (``data_mode="light"`` gives ``data-mode``) are kept.
    """
    words = classes.split()
    pack = next((PACKS[w] for w in words if w in PACKS), "fas")
    names = [w[3:] for w in words if w.startswith("fa-") and w not in STYLE_ONLY and not re.fullmatch(
        r"fa-(lg|xs|sm|[1-9]?x|fw)", w)]
    if len(names) != 1:
        raise ExtensionError(f"book_icons: cannot tell which icon {classes!r} is")
    width, path = drawing(pack, names[0])
    kept = [w for w in words if w not in STYLE_ONLY]
    extra = "".join(f' {key.replace("_", "-")}="{escape(str(value))}"' for key, value in attributes.items())
    return Markup(f'<svg class="svg-inline--fa {escape(" ".join(kept))}"{extra} aria-hidden="true" '
                  f'viewBox="0 0 {width} 512"><path fill="currentColor" d="{path}"/></svg>')


THEME_CSS = FONTAWESOME.parent.parent / "styles" / "pydata-sphinx-theme.css"
#: The theme's icons drawn by CSS (``content: var(--pst-icon-…)`` in Font Awesome's font), per selector.
CSS_ICONS = {
    ".admonition > .admonition-title::after, div.admonition > .admonition-title::after":
        ("fas", "admonition", ".admonition{kind}, div.admonition{kind}"),
    "a.github::before, a.gitlab::before": ("fab", None, "a.github, a.gitlab"),
}


def _theme_icon_codes():
    """The theme's ``--pst-icon-*`` variables, resolved to Font Awesome code points."""
    css = THEME_CSS.read_text(encoding="utf-8")
    values = dict(re.findall(r"--pst-icon-([a-z-]+):([^;}]+)", css))

    def resolve(name):
        value = values[name].strip()
        reference = re.fullmatch(r"var\(--pst-icon-([a-z-]+)\)", value)
        return resolve(reference.group(1)) if reference else ord(value.strip('"')[0])

    return {name: resolve(name) for name in values}


@functools.cache
def drawing_of_code(pack, code):
    """``(width, path)`` of the icon whose code point is ``code`` in ``pack``."""
    pattern = rf':\[(\d+),512,\[[^\]]*\],"{code:x}","((?:[^"\\]|\\.)*)"\]'
    found = re.findall(pattern, _packs().get(pack, ""))
    if not found:
        raise ExtensionError(f"book_icons: no icon U+{code:X} in the {pack} pack of {FONTAWESOME}")
    return int(found[-1][0]), found[-1][1]


def _data_url(width, path):
    svg = f"<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 {width} 512'><path d='{path}'/></svg>"
    return 'url("data:image/svg+xml,' + svg.replace("#", "%23").replace('"', "'") + '")'


def css_icons():
    """A stylesheet that draws the theme's CSS icons as SVG masks in the text's colour, not in the icon font.

    Each rule keeps the theme's box (size, place, colour) and swaps the glyph for
    the same drawing; ``--tc-icon`` holds it, set per admonition kind.
    """
    codes = _theme_icon_codes()
    rules = ["/* Written by _ext/book_icons.py: the inline SVG icons sized as fontawesome.js sized them, and the",
             "   theme's CSS icons as SVG masks (no icon font). */",
             "svg:not(:root).svg-inline--fa { overflow: visible; box-sizing: content-box; }",
             ".svg-inline--fa { display: var(--fa-display, inline-block); height: 1em; overflow: visible; "
             "vertical-align: -.125em; }",
             ".svg-inline--fa.fa-lg { vertical-align: -.2em; }"]
    for selector, (pack, family, holders) in CSS_ICONS.items():
        rules.append(f"{selector} {{\n  content: \"\" !important; font: inherit !important;\n"
                     "  background-color: currentColor;\n"
                     "  -webkit-mask: var(--tc-icon) center / auto 1em no-repeat; mask: var(--tc-icon) center / auto 1em no-repeat;\n}")
        if family == "admonition":  # the glyph sat in a line box of the title's line height
            rules.append(f"{selector} {{ height: 1lh; }}")
        if family is None:  # links: the icon of each site
            rules.append(f"{selector} {{ display: inline-block; width: 1.1em; height: 1em; vertical-align: -0.125em; }}")
            for site in ("github", "gitlab"):
                rules.append(f"a.{site} {{ --tc-icon: {_data_url(*drawing_of_code(pack, codes[site]))}; }}")
            continue
        for name, code in sorted(codes.items()):
            if name.startswith(f"{family}-"):
                kind = name[len(family) + 1:]
                classes = "" if kind == "default" else "." + ("admonition-todo" if kind == "todo" else kind)
                rules.append(f"{holders.format(kind=classes)} {{ --tc-icon: {_data_url(*drawing_of_code(pack, code))}; }}")
    return "\n".join(rules) + "\n"


def write_css_icons(app):
    """Before any page is written, so that every page links it with the same ``?v=`` checksum."""
    if app.builder.format == "html":
        (Path(app.outdir) / "_static").mkdir(parents=True, exist_ok=True)
        (Path(app.outdir) / "_static" / "icons.css").write_text(css_icons(), encoding="utf-8")


def add_icon_function(app, pagename, templatename, context, doctree):
    context["icon"] = icon


def setup(app):
    app.add_css_file("icons.css")
    app.connect("html-page-context", add_icon_function)
    app.connect("builder-inited", write_css_icons)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
