"""How a player's output reaches a page of the book: MyST-NB renders its :data:`~transconv.bundle.PLAYER_MIME`.

A player's output carries three faces (:mod:`transconv.widgets`): the live widget,
a ``text/html`` face that inlines the engine (a notebook stays self-contained), and
its entry and model under ``PLAYER_MIME``. For the HTML builders the book prefers
the last: :class:`PlayerMimeRenderer` (registered with MyST-NB as the entry point
``myst_nb.mime_renderers: transconv-player`` in ``pyproject.toml``) turns it into
a :class:`player` node, which the book's Sphinx extension (``_ext/book_players.py``)
writes as a host for the views that the page loads once.
"""

from docutils import nodes

from transconv.bundle import PLAYER_MIME

#: The builders whose pages load the shared views.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")


class player(nodes.General, nodes.Element):  # noqa: N801 (docutils names node classes in lower case)
    """A player on a page: ``entry`` (its view's file) and ``model`` (its values)."""


class PlayerMimeRenderer:
    """MyST-NB's mime-render plugin for ``PLAYER_MIME``: first choice of the HTML builders."""

    mime_priority_overrides = [(builder, PLAYER_MIME, 1) for builder in HTML_BUILDERS]

    @staticmethod
    def handle_mime(renderer, data, inline):
        """A :class:`player` node for a player's output; ``None`` (not ours) for anything else."""
        if inline or data.mime_type != PLAYER_MIME:
            return None
        content = data.content
        return [player(entry=content["entry"], model=content["model"],
                       ids=[f"player-{data.cell_index}-{data.output_index}"])]
