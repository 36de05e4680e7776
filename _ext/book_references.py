"""References a reader can use: one author–year style in the text and in the list.

In the text, ``{cite:p}`` gives "(Dumoulin and Visin, 2016)" and ``{cite:t}``
"Dumoulin and Visin (2016)" (``bibtex_reference_style: author_year_round``).
Works by the same authors in the same year, or undated, get letters in both
places: "PyTorch contributors, n.d.-a". The list (``bibtex_default_style:
author_year``) starts each entry the same way, keeps the titles' capitals as
written in ``references.bib``, and gives each entry one link, whose text is its
address without the scheme (it wraps on a phone: ``book.css``). Each entry's label
is its citation ("Dumoulin and Visin, 2016"); ``book.css`` leaves it out of the
list, whose entries start with it anyway.
"""

import re
import string
from dataclasses import dataclass, field

from pybtex.plugin import register_plugin
from pybtex.richtext import Text
from pybtex.style.formatting import BaseStyle, toplevel
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.template import field as bib_field
from pybtex.style.template import first_of, href, join, names, node, optional, sentence, tag
from sphinx.errors import ExtensionError
from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.template import join2, post_text, pre_text, reference

#: Letters after the year of works that would otherwise cite alike, by citation key.
YEAR_LETTERS = {}


def citation_authors(entry):
    """The authors as the text cites them: "A", "A and B", "A et al."."""
    people = entry.persons.get("author", [])
    last = [" ".join(person.last_names) for person in people]
    return last[0] if len(last) == 1 else " and ".join(last) if len(last) == 2 else f"{last[0]} et al."


def order(entry):
    """Where an entry stands in the list: by the authors as cited, the year, the title."""
    return (citation_authors(entry).replace("{", "").replace("}", "").casefold(),
            entry.fields.get("year", ""), str(entry.fields.get("title", "")).casefold())


def assign_year_letters(entries):
    """``{key: "a" | "b" | …}``, in list order, for entries whose authors and year (or its absence) coincide."""
    groups = {}
    for key, entry in sorted(entries.items(), key=lambda item: order(item[1])):
        groups.setdefault((citation_authors(entry), entry.fields.get("year", "")), []).append(key)
    letters = {}
    for keys in groups.values():
        if len(keys) > 1:
            letters.update(zip(keys, string.ascii_lowercase))
    return letters


def year_text(entry):
    year = entry.fields.get("year")
    letter = YEAR_LETTERS.get(entry.key, "")
    return f"{year}{letter}" if year else f"n.d.-{letter}" if letter else "n.d."


@node
def year(children, data):
    """The year as both the text and the list show it: 2016, 2016a, n.d., n.d.-a."""
    assert not children
    return Text(year_text(data["entry"]))


# --- the text ------------------------------------------------------------------------------


def round_brackets():
    return BracketStyle(left="(", right=")", sep="; ")


@dataclass
class Parenthetical(BasicAuthorYearParentheticalReferenceStyle):
    def inner(self, role_name):
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[join(sep=self.author_year_sep)[self.person.author_or_editor_or_title(full="s" in role_name),
                                                     year]],
            post_text,
        ]


@dataclass
class Textual(BasicAuthorYearTextualReferenceStyle):
    def inner(self, role_name):
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full="s" in role_name),
            join[self.bracket.left,
                 join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[pre_text, reference[year], post_text],
                 self.bracket.right],
        ]


@dataclass
class AuthorYearRound(AuthorYearReferenceStyle):
    """sphinxcontrib-bibtex's author–year references in round brackets, with the list's years."""

    bracket_textual: BracketStyle = field(default_factory=round_brackets)
    bracket_parenthetical: BracketStyle = field(default_factory=round_brackets)

    def __post_init__(self):
        super().__post_init__()
        basic = {BasicAuthorYearParentheticalReferenceStyle: Parenthetical,
                 BasicAuthorYearTextualReferenceStyle: Textual}
        self.styles[:] = [basic[type(s)](**vars(s)) if type(s) in basic else s for s in self.styles]
        self.role_style.clear()
        for style in self.styles:
            self.role_style.update((name, style) for name in style.role_names())


# --- the list ------------------------------------------------------------------------------


def link_text(url):
    return re.sub(r"^https?://(www\.)?", "", url).rstrip("/")


@node
def one_link(children, data):
    """The entry's one link: its URL, else its DOI, else its arXiv number."""
    assert not children
    fields = data["entry"].fields
    if "url" in fields:
        url = fields["url"]
    elif "doi" in fields:
        url = f"https://doi.org/{fields['doi']}"
    elif fields.get("archiveprefix", "").lower() == "arxiv" and "eprint" in fields:
        url = f"https://arxiv.org/abs/{fields['eprint']}"
    else:
        return Text()
    return href[url, link_text(url)].format_data(data)


class AuthorYearLabels(BaseLabelStyle):
    """Labels as the text cites: "Dumoulin and Visin, 2016", "PyTorch contributors, n.d.-a"."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield f"{citation_authors(entry).replace('{', '').replace('}', '')}, {year_text(entry)}"


class AuthorYearStyle(BaseStyle):
    """Entries as "Dumoulin, V. and Visin, F. (2016). A guide to … *arXiv preprint …*. arxiv.org/abs/…"."""

    default_name_style = "lastfirst"
    default_label_style = "author_year"

    def __init__(self, **kwargs):
        super().__init__(abbreviate_names=True, **kwargs)
        self.sort = lambda entries: sorted(entries, key=order)  # the letters' order, authors without braces

    def opening(self):
        authors = names("author", sep=", ", sep2=" and ", last_sep=", and ")
        return join(sep=" ")[authors, join["(", year, ")"]]

    def closing(self):
        return optional[sentence[one_link]]

    def title(self):
        return sentence[bib_field("title")]  # as written: capitals kept

    def get_article_template(self, e):
        return toplevel[sentence[self.opening()], self.title(),
                        sentence[tag("em")[bib_field("journal")],
                                 optional[join[bib_field("volume"), optional["(", bib_field("number"), ")"]]],
                                 optional[bib_field("pages")]],
                        self.closing()]

    def get_inproceedings_template(self, e):
        return toplevel[sentence[self.opening()], self.title(),
                        sentence[join(sep=" ")["In", tag("em")[bib_field("booktitle")]], optional[bib_field("pages")]],
                        optional[sentence[first_of[optional[join(sep=", ")[bib_field("publisher"),
                                                                             bib_field("address")]],
                                                   optional[bib_field("publisher")]]]],
                        self.closing()]

    def get_misc_template(self, e):
        return toplevel[sentence[self.opening()], self.title(),
                        optional[sentence[bib_field("howpublished")]], self.closing()]

    def format_entry(self, label, entry, bib_data=None):
        if not hasattr(self, f"get_{entry.type}_template"):
            raise ExtensionError(f"book_references: no template for @{entry.type} ({entry.key}); add one")
        return super().format_entry(label, entry, bib_data)


def letter_the_years(app):
    """Once sphinxcontrib-bibtex has read references.bib: the letters that tell alike citations apart."""
    bibdata = app.env.get_domain("cite").bibdata
    YEAR_LETTERS.clear()
    YEAR_LETTERS.update(assign_year_letters(bibdata.data.entries))


def setup(app):
    register_plugin("pybtex.style.labels", "author_year", AuthorYearLabels, force=True)
    register_plugin("pybtex.style.formatting", "author_year", AuthorYearStyle, force=True)
    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_round", AuthorYearRound, force=True)
    app.connect("builder-inited", letter_the_years, priority=900)  # after sphinxcontrib-bibtex (500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
