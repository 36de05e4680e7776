"""Reusable code of the transposed-convolution chapter.

Modules, each with one job (the flow runs one way):

- ``ops``: the numbers (teaching loops and vectorized convolutions), the reference;
- ``shapes``: size arithmetic and the checks of every parameter (the one source of the rules);
- ``specs``: one parameter spec per player and explorer (names, labels, ranges, rules);
- ``widgets``: anywidget classes whose views are the ES modules of ``static/``
  (the view engine), live in Jupyter and static in the book (``bundle``);
- ``bundle``: one ES module per player from ``static/``, and its static ``text/html`` face;
- ``figures``: static figures for ``img/``.
"""
