"""Reusable code of the transposed-convolution chapter.

Modules, each with one job:

- ``ops``: the numbers (teaching loops and vectorized convolutions);
- ``shapes``: output-size arithmetic;
- ``figures``: static figures for ``img/``.
"""
