"""Live widgets: controls -> frames -> one ``ipywidgets.HTML`` view, updated in place.

The chapter calls one function per widget:

>>> conv_stepper()            # doctest: +SKIP
>>> scatter_add_player()      # doctest: +SKIP
>>> matrix_view()             # doctest: +SKIP

Each returns an object with two faces in one output cell: its
``_repr_mimebundle_`` holds the ipywidgets view (live in JupyterLab or
Binder), a ``text/html`` static player of the current parameters (for the
HTML book, which has no kernel) and a short deterministic ``text/plain``.

Frames are computed once per parameter set and each frame is rendered once
(both cached); a step change only sets the view's ``value``. Slider ranges
follow the parameters so that an impossible combination cannot be chosen:
they are found by asking :mod:`transconv.shapes` which values it accepts.
"""

from __future__ import annotations

from collections import OrderedDict

import ipywidgets as w
import numpy as np

from transconv import frames as fr
from transconv import players, render, shapes

__all__ = ["ConvStepper", "ScatterAddPlayer", "MatrixView", "OverlapExplorer",
           "SizeExplorer", "conv_stepper", "scatter_add_player", "matrix_view",
           "overlap_explorer", "size_explorer"]

_WIDE = {"description_width": "initial"}


class _LRU(OrderedDict):
    """A small least-recently-used cache: ``get_or(key, make)``."""

    def __init__(self, size):
        super().__init__()
        self.size = size

    def get_or(self, key, make):
        if key in self:
            self.move_to_end(key)
            return self[key]
        value = self[key] = make()
        if len(self) > self.size:
            self.popitem(last=False)
        return value


def _accepts(check, value):
    """True if ``check(value)`` raises no ValueError (shapes rejects the value)."""
    try:
        check(value)
    except ValueError:
        return False
    return True


def _valid_range(candidates, check):
    """Smallest and largest of ``candidates`` that ``check`` accepts."""
    ok = [v for v in candidates if _accepts(check, v)]
    return ok[0], ok[-1]


def _set_range(slider, low, high):
    """Set an IntSlider's range (the value is clamped into it)."""
    if low > slider.max:
        slider.max, slider.min = high, low
    else:
        slider.min, slider.max = low, high


def _check_limit(name, value, limits):
    """Raise ValueError if ``value`` is outside the widget's range for ``name``."""
    low, high = limits
    if not low <= value <= high:
        raise ValueError(f"{name} must be between {low} and {high} for this widget, "
                         f"got {value}")


def _counting_grid(size):
    """The seed-style input ``arange(1, size**2 + 1)`` as a ``size`` x ``size`` grid."""
    return np.arange(1.0, size * size + 1.0).reshape(size, size)


def _slider(description, value, limits):
    return w.IntSlider(value=value, min=limits[0], max=limits[1], description=description,
                       style=_WIDE, continuous_update=True,
                       layout=w.Layout(width="225px"))


class _LiveView:
    """Shared plumbing: controls, a cached view, the two-faced mimebundle."""

    #: name -> (min, max) allowed by the widget; subclasses override.
    LIMITS: dict = {}
    _PARAMS: tuple = ()

    def _build(self, controls, step_label="Step", stepped=True):
        self.step = w.IntSlider(value=0, min=0, max=0, description=step_label, style=_WIDE,
                                layout=w.Layout(width="300px"))
        self.play = w.Play(value=0, min=0, max=0, interval=1000, description="Play",
                           tooltip="Play the steps")
        w.jslink((self.play, "value"), (self.step, "value"))
        self.view = w.HTML()
        self._frames = _LRU(32)
        self._pages = _LRU(4096)
        self._busy = False
        self.controls = list(controls) + ([self.play, self.step] if stepped else [])
        box = w.HBox(list(controls), layout=w.Layout(flex_flow="row wrap", max_width="700px"))
        stepper = w.HBox([self.play, self.step], layout=w.Layout(flex_flow="row wrap"))
        self.widget = w.VBox([box] + ([stepper] if stepped else []) + [self.view],
                             layout=w.Layout(max_width="700px"))
        for control in controls:
            control.observe(self._on_param, "value")
        self.step.observe(self._on_step, "value")
        # Play and Step are linked in the browser; whichever value reaches the kernel
        # first redraws the view, so a step never waits for the other's message.
        self.play.observe(self._on_step, "value")
        self._on_param(None)

    # -- subclasses provide these -------------------------------------------------------------
    def _key(self):
        """Hashable description of the current parameters."""
        raise NotImplementedError

    def _compute(self):
        """Frames for the current parameters."""
        raise NotImplementedError

    def _render(self, frames, index):
        """HTML body of frame ``index``."""
        raise NotImplementedError

    def _adapt(self):
        """Adapt dependent ranges to the current parameters."""

    def player_html(self):
        """The static player for the current parameters."""
        raise NotImplementedError

    # -- shared behaviour ---------------------------------------------------------------------
    def _show_counts(self):
        return False

    def _page(self, body, counts):
        """Wrap a rendered frame in the styled root ``div``."""
        return render.page(body, counts)

    def frames(self):
        """The (cached) frames of the current parameters."""
        return self._frames.get_or(self._key(), self._compute)

    def _on_param(self, change):
        if self._busy:
            return
        self._busy = True
        try:
            self._adapt()
            count = len(self.frames())
            _set_range(self.step, 0, count - 1)
            self.play.max = count - 1
        finally:
            self._busy = False
        self._refresh()

    def _on_step(self, change):
        if not self._busy:
            self._refresh(change.new)

    def _refresh(self, index=None):
        index = self.step.value if index is None else min(max(index, 0), self.step.max)
        key, counts = self._key(), self._show_counts()
        self.view.value = self._pages.get_or(
            (key, index, counts),
            lambda: self._page(self._render(self.frames(), index), counts))

    def __repr__(self):
        args = ", ".join(f"{name}={getattr(self, name).value!r}" for name in self._PARAMS)
        return f"{type(self).__name__}({args})"

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        """Widget view (live) + ``text/html`` static player + short ``text/plain``."""
        data = dict(self.widget._repr_mimebundle_(**kwargs) or {})
        data["text/html"] = self.player_html()
        data["text/plain"] = repr(self)
        return data


class ConvStepper(_LiveView):
    """Convolution stepper: the window slides over the padded input, one output cell per step.

    Parameters
    ----------
    input_size : int, default 4
        Side of the square input ``arange(1, input_size**2 + 1)`` (ignored if ``X`` is given).
    kernel_size : int, default 3
        Side of the square kernel ``arange(1, kernel_size**2 + 1)`` (ignored if ``K`` is given).
    stride, padding, dilation : int, default 1, 0, 1
    X, K : array_like, optional
        A 2-D input and kernel to use instead; their size sliders are then disabled.

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter), or a ValueError if a
        value is outside the widget's slider range :attr:`LIMITS`.

    Examples
    --------
    >>> stepper = ConvStepper()
    >>> repr(stepper)
    'ConvStepper(input_size=4, kernel_size=3, stride=1, padding=0, dilation=1)'
    """

    LIMITS = {"input_size": (1, 7), "kernel_size": (1, 5), "stride": (1, 3),
              "padding": (0, 3), "dilation": (1, 3)}
    _PARAMS = ("input_size", "kernel_size", "stride", "padding", "dilation")

    def __init__(self, input_size=4, kernel_size=3, stride=1, padding=0, dilation=1,
                 X=None, K=None):
        self._X = None if X is None else fr.as_grid("X", X)
        self._K = None if K is None else fr.as_grid("K", K)
        input_size = input_size if self._X is None else self._X.shape[0]
        kernel_size = kernel_size if self._K is None else self._K.shape[0]
        if self._X is None or self._K is None:
            shapes.conv_output_size(input_size, kernel_size, stride, padding, dilation)
        fr.stepper_frames(self._grid_x(input_size), self._grid_k(kernel_size),
                          stride, padding, dilation)
        if self._X is None:
            _check_limit("input_size", input_size, self.LIMITS["input_size"])
        if self._K is None:
            _check_limit("kernel_size", kernel_size, self.LIMITS["kernel_size"])
        for name, value in (("stride", stride), ("padding", padding), ("dilation", dilation)):
            _check_limit(name, value, self.LIMITS[name])
        self.input_size = _slider("Input size", input_size, self.LIMITS["input_size"])
        self.kernel_size = _slider("Kernel size", kernel_size, self.LIMITS["kernel_size"])
        self.stride = _slider("Stride", stride, self.LIMITS["stride"])
        self.padding = _slider("Padding", padding, self.LIMITS["padding"])
        self.dilation = _slider("Dilation", dilation, self.LIMITS["dilation"])
        self.input_size.disabled = self._X is not None
        self.kernel_size.disabled = self._K is not None
        self._build([self.input_size, self.kernel_size, self.stride, self.padding,
                     self.dilation])

    def _grid_x(self, size):
        return _counting_grid(size) if self._X is None else self._X

    def _grid_k(self, size):
        return _counting_grid(size) if self._K is None else self._K

    def _adapt(self):
        if self._K is not None:
            return
        sizes = self._grid_x(self.input_size.value).shape
        p, d = self.padding.value, self.dilation.value
        _set_range(self.kernel_size, *_valid_range(
            range(1, self.LIMITS["kernel_size"][1] + 1),
            lambda k: [shapes.conv_output_size(n, k, 1, p, d) for n in sizes]))

    def _params(self):
        return (self.stride.value, self.padding.value, self.dilation.value)

    def _key(self):
        return (self.input_size.value, self.kernel_size.value) + self._params()

    def _compute(self):
        return fr.stepper_frames(self._grid_x(self.input_size.value),
                                 self._grid_k(self.kernel_size.value), *self._params())

    def _render(self, frames, index):
        return render.stepper_html(frames[index], len(frames))

    def player_html(self):
        return players.stepper_player(self._grid_x(self.input_size.value),
                                      self._grid_k(self.kernel_size.value), *self._params())


class ScatterAddPlayer(_LiveView):
    """Scatter-add player: a transposed convolution as a sum of scaled kernel copies.

    Parameters
    ----------
    example : {"seed", "random"}, default "seed"
        ``"seed"``: the seed chapter's ``X = K = [[0, 1], [2, 3]]`` (sizes fixed
        at 2); ``"random"``: integer input and kernel from ``seed``.
    input_size, kernel_size : int, default 2
        Sides of the random input and kernel.
    stride, padding, output_padding : int, default 1, 0, 0
    seed : int, default 0
        Seed of the random example.

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter), or a ValueError for
        an unknown ``example`` or a value outside :attr:`LIMITS`.

    Examples
    --------
    >>> repr(ScatterAddPlayer())
    "ScatterAddPlayer(example='seed', input_size=2, kernel_size=2, stride=1, padding=0, output_padding=0)"
    """

    LIMITS = {"input_size": (1, 5), "kernel_size": (1, 4), "stride": (1, 3),
              "padding": (0, 3), "output_padding": (0, 2), "seed": (0, 99)}
    _PARAMS = ("example", "input_size", "kernel_size", "stride", "padding", "output_padding")

    def __init__(self, example="seed", input_size=2, kernel_size=2, stride=1, padding=0,
                 output_padding=0, seed=0):
        if example not in ("seed", "random"):
            raise ValueError(f"example must be 'seed' or 'random', got {example!r}")
        if example == "seed":
            input_size, kernel_size = fr.SEED_X2.shape[0], fr.SEED_K2.shape[0]
        shapes.conv_transpose_output_size(input_size, kernel_size, stride, padding,
                                          output_padding)
        for name, value in (("input_size", input_size), ("kernel_size", kernel_size),
                            ("stride", stride), ("padding", padding),
                            ("output_padding", output_padding), ("seed", seed)):
            _check_limit(name, value, self.LIMITS[name])
        self.example = w.ToggleButtons(
            options=[("Seed example (2×2)", "seed"), ("Random integers", "random")],
            value=example, description="Input", style={"button_width": "auto"})
        self.input_size = _slider("Input size", input_size, self.LIMITS["input_size"])
        self.kernel_size = _slider("Kernel size", kernel_size, self.LIMITS["kernel_size"])
        self.stride = _slider("Stride", stride, self.LIMITS["stride"])
        self.padding = _slider("Padding", padding, self.LIMITS["padding"])
        self.output_padding = _slider("Output padding", output_padding,
                                      self.LIMITS["output_padding"])
        self.seed = _slider("Random seed", seed, self.LIMITS["seed"])
        self.show_counts = w.Checkbox(value=False, description="Show contributions per cell",
                                      style=_WIDE, indent=False)
        self._build([self.example, self.input_size, self.kernel_size, self.stride,
                     self.padding, self.output_padding, self.seed, self.show_counts])

    def _adapt(self):
        seeded = self.example.value == "seed"
        for slider in (self.input_size, self.kernel_size, self.seed):
            slider.disabled = seeded
        if seeded:
            self.input_size.value = fr.SEED_X2.shape[0]
            self.kernel_size.value = fr.SEED_K2.shape[0]
        n, k, s = self.input_size.value, self.kernel_size.value, self.stride.value
        _set_range(self.output_padding, *_valid_range(
            range(self.LIMITS["output_padding"][1] + 1),
            lambda a: shapes.conv_transpose_output_size(n, k, s, 0, a)))
        a = self.output_padding.value
        _set_range(self.padding, *_valid_range(
            range(self.LIMITS["padding"][1] + 1),
            lambda p: shapes.conv_transpose_output_size(n, k, s, p, a)))

    def _grids(self):
        if self.example.value == "seed":
            return fr.SEED_X2, fr.SEED_K2
        n, k, seed = self.input_size.value, self.kernel_size.value, self.seed.value
        return fr.random_grid((n, n), seed), fr.random_grid((k, k), seed + 1)

    def _key(self):
        return (self.example.value, self.input_size.value, self.kernel_size.value,
                self.stride.value, self.padding.value, self.output_padding.value,
                self.seed.value)

    def _params(self):
        return (self.stride.value, self.padding.value, self.output_padding.value)

    def _compute(self):
        return fr.scatter_add_frames(*self._grids(), *self._params())

    def _show_counts(self):
        return self.show_counts.value

    def _render(self, frames, index):
        return render.scatter_html(frames[index], len(frames))

    def player_html(self):
        return players.scatter_player(*self._grids(), *self._params())


class MatrixView(_LiveView):
    """Matrix view: the convolution as ``W`` (from ``ops.conv_matrix``) beside its grids.

    Choosing an output cell highlights its row of ``W`` and its window on the
    input; in the transposed view, choosing an input cell highlights its column
    of ``W`` (row of ``Wᵀ``) and its footprint on the output.

    Parameters
    ----------
    input_size : int, default 4
    kernel_size : int, default 3
        Sides of the counting input and kernel (the seed's 4x4 and 3x3: ``W`` is 4x16).
    stride, padding : int, default 1, 0
    mode : {"conv", "transposed"}, default "conv"

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes``/``transconv.frames`` (naming the parameter),
        or a ValueError for a value outside :attr:`LIMITS`.

    Examples
    --------
    >>> repr(MatrixView())
    "MatrixView(input_size=4, kernel_size=3, stride=1, padding=0, mode='conv')"
    """

    LIMITS = {"input_size": (2, 6), "kernel_size": (1, 4), "stride": (1, 3),
              "padding": (0, 2)}
    _PARAMS = ("input_size", "kernel_size", "stride", "padding", "mode")

    def __init__(self, input_size=4, kernel_size=3, stride=1, padding=0, mode="conv"):
        shapes.conv_output_size(input_size, kernel_size, stride, padding)
        fr.matrix_frames(_counting_grid(input_size), _counting_grid(kernel_size), stride,
                         padding, 1, mode)
        for name, value in (("input_size", input_size), ("kernel_size", kernel_size),
                            ("stride", stride), ("padding", padding)):
            _check_limit(name, value, self.LIMITS[name])
        self.input_size = _slider("Input size", input_size, self.LIMITS["input_size"])
        self.kernel_size = _slider("Kernel size", kernel_size, self.LIMITS["kernel_size"])
        self.stride = _slider("Stride", stride, self.LIMITS["stride"])
        self.padding = _slider("Padding", padding, self.LIMITS["padding"])
        self.mode = w.ToggleButtons(
            options=[("Convolution: rows of W", "conv"),
                     ("Transposed: columns of W", "transposed")],
            value=mode, description="View", style={"button_width": "190px"})
        self._build([self.input_size, self.kernel_size, self.stride, self.padding,
                     self.mode], step_label="Cell")

    def _adapt(self):
        n, p = self.input_size.value, self.padding.value
        _set_range(self.kernel_size, *_valid_range(
            range(1, self.LIMITS["kernel_size"][1] + 1),
            lambda k: shapes.conv_output_size(n, k, 1, p)))

    def _key(self):
        return (self.input_size.value, self.kernel_size.value, self.stride.value,
                self.padding.value, self.mode.value)

    def _compute(self):
        return fr.matrix_frames(_counting_grid(self.input_size.value),
                                _counting_grid(self.kernel_size.value), self.stride.value,
                                self.padding.value, 1, self.mode.value)

    def _render(self, frames, index):
        return render.matrix_html(frames[index], len(frames))

    def player_html(self):
        return players.matrix_player(_counting_grid(self.input_size.value),
                                     _counting_grid(self.kernel_size.value),
                                     self.stride.value, self.padding.value)


def conv_stepper(**params):
    """The convolution stepper for the chapter (see :class:`ConvStepper`)."""
    return ConvStepper(**params)


def scatter_add_player(**params):
    """The scatter-add player for the chapter (see :class:`ScatterAddPlayer`)."""
    return ScatterAddPlayer(**params)


def matrix_view(**params):
    """The matrix view for the chapter (see :class:`MatrixView`)."""
    return MatrixView(**params)


class OverlapExplorer(_LiveView):
    """Overlap explorer: how many kernel copies cover each output cell (checkerboard artifacts).

    Sliders for the kernel size, the stride and the number of stacked layers;
    the view shows the 1-D overlap profile, the 2-D overlap map with the count
    in every cell and the interior counts per layer, all from
    ``ops.conv_transpose2d`` applied to ones (:func:`transconv.frames.overlap_frames`).

    Parameters
    ----------
    kernel, stride, layers : int, default 3, 2, 1
        Within :attr:`LIMITS` (the static player's grid).

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter), or a ValueError for
        a value outside :attr:`LIMITS`.

    Examples
    --------
    >>> repr(OverlapExplorer())
    'OverlapExplorer(kernel=3, stride=2, layers=1)'
    """

    LIMITS = {name: (values[0], values[-1]) for name, values in players.OVERLAP_GRID.items()}
    _PARAMS = ("kernel", "stride", "layers")

    def __init__(self, kernel=3, stride=2, layers=1):
        fr.overlap_frames(kernel, stride, layers)
        for name, value in (("kernel", kernel), ("stride", stride), ("layers", layers)):
            _check_limit(name, value, self.LIMITS[name])
        self.kernel = _slider("Kernel size", kernel, self.LIMITS["kernel"])
        self.stride = _slider("Stride", stride, self.LIMITS["stride"])
        self.layers = _slider("Layers", layers, self.LIMITS["layers"])
        self._build([self.kernel, self.stride, self.layers], stepped=False)

    def _key(self):
        return (self.kernel.value, self.stride.value, self.layers.value)

    def _compute(self):
        return fr.overlap_frames(*self._key())

    def _render(self, frames, index):
        return render.overlap_html(frames[index])

    def _page(self, body, counts):
        return render.explorer_page(body)

    def player_html(self):
        return players.overlap_player(*self._key())


class SizeExplorer(_LiveView):
    """Output-size explorer of a transposed convolution, forward and inverse.

    Forward: input size, kernel, stride, padding, output padding and dilation
    give the output size with the formula's terms filled in, the convolution
    that maps it back and every input size that convolution maps to the same
    output (:func:`transconv.frames.size_frames`). Inverse: an input size and
    a wanted output size give every kernel (<= 7), stride (<= 4), padding and
    output padding that achieve it (:func:`transconv.frames.inverse_frames`).

    Parameters
    ----------
    size, kernel, stride, padding, output_padding, dilation : int
        The forward setting, default ``7, 4, 2, 1, 0, 1`` (7 -> 14).
    mode : {"forward", "inverse"}, default "forward"
    size_in, size_out : int, default 7, 14
        The inverse question.

    Raises
    ------
    TypeError, ValueError
        From ``transconv.shapes`` (naming the parameter), or a ValueError for
        an unknown ``mode`` or a value outside :attr:`LIMITS`.

    Examples
    --------
    >>> repr(SizeExplorer())
    "SizeExplorer(mode='forward', size=7, kernel=4, stride=2, padding=1, output_padding=0, dilation=1, size_in=7, size_out=14)"
    """

    LIMITS = {"size": (1, 16), "kernel": (1, 7), "stride": (1, 4), "padding": (0, 8),
              "output_padding": (0, 3), "dilation": (1, 3), "size_in": (1, 64),
              "size_out": (1, 128)}
    _PARAMS = ("mode", "size", "kernel", "stride", "padding", "output_padding", "dilation",
               "size_in", "size_out")
    _FORWARD = ("size", "kernel", "stride", "padding", "output_padding", "dilation")

    def __init__(self, size=7, kernel=4, stride=2, padding=1, output_padding=0, dilation=1,
                 mode="forward", size_in=7, size_out=14):
        if mode not in ("forward", "inverse"):
            raise ValueError(f"mode must be 'forward' or 'inverse', got {mode!r}")
        fr.size_frames(size, kernel, stride, padding, output_padding, dilation)
        fr.inverse_frames(size_in, size_out)
        values = dict(zip(self._FORWARD, (size, kernel, stride, padding, output_padding,
                                          dilation)), size_in=size_in, size_out=size_out)
        for name, value in values.items():
            _check_limit(name, value, self.LIMITS[name])
        labels = {"size": "Input size", "kernel": "Kernel size", "stride": "Stride",
                  "padding": "Padding", "output_padding": "Output padding",
                  "dilation": "Dilation", "size_in": "Input size", "size_out": "Wanted output"}
        for name, value in values.items():
            setattr(self, name, _slider(labels[name], value, self.LIMITS[name]))
        self.mode = w.ToggleButtons(
            options=[("Output size of given settings", "forward"),
                     ("Settings for a wanted output", "inverse")],
            value=mode, description="Mode", style={"button_width": "210px"})
        self._build([self.mode] + [getattr(self, n) for n in values], stepped=False)

    def _adapt(self):
        forward = self.mode.value == "forward"
        for name in self._FORWARD + ("size_in", "size_out"):
            slider = getattr(self, name)
            slider.disabled = forward != (name in self._FORWARD)
            slider.layout.display = "none" if slider.disabled else None
        n, k, s, d = (self.size.value, self.kernel.value, self.stride.value,
                      self.dilation.value)
        _set_range(self.output_padding, *_valid_range(
            range(self.LIMITS["output_padding"][1] + 1),
            lambda a: shapes.conv_transpose_output_size(n, k, s, 0, a, d)))
        a = self.output_padding.value
        _set_range(self.padding, *_valid_range(
            range(self.LIMITS["padding"][1] + 1),
            lambda p: shapes.conv_transpose_output_size(n, k, s, p, a, d)))

    def _key(self):
        if self.mode.value == "forward":
            return ("forward",) + tuple(getattr(self, n).value for n in self._FORWARD)
        return ("inverse", self.size_in.value, self.size_out.value)

    def _compute(self):
        mode, *values = self._key()
        return fr.size_frames(*values) if mode == "forward" else fr.inverse_frames(*values)

    def _render(self, frames, index):
        frame = frames[index]
        return (render.size_html(frame) if isinstance(frame, fr.SizeFrame)
                else render.inverse_html(frame))

    def _page(self, body, counts):
        return render.explorer_page(body)

    def player_html(self):
        return players.size_player(*(getattr(self, n).value for n in self._FORWARD),
                                   mode=self.mode.value,
                                   pair=(self.size_in.value, self.size_out.value))


def overlap_explorer(**params):
    """The overlap explorer for the chapter (see :class:`OverlapExplorer`)."""
    return OverlapExplorer(**params)


def size_explorer(**params):
    """The output-size explorer for the chapter (see :class:`SizeExplorer`)."""
    return SizeExplorer(**params)
