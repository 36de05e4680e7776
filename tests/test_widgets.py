"""The live widgets (transconv.widgets), driven from Python without a kernel."""

import ipywidgets
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transconv import frames as fr
from transconv import players, render, shapes
from transconv.widgets import (ConvStepper, MatrixView, ScatterAddPlayer, conv_stepper,
                               matrix_view, scatter_add_player)

WIDGETS = [ConvStepper, ScatterAddPlayer, MatrixView]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def sliders(widget):
    return [c for c in widget.controls if isinstance(c, ipywidgets.IntSlider)
            and c is not widget.step]


@pytest.mark.parametrize("cls", WIDGETS)
def test_every_control_has_a_label(cls):
    widget = cls()
    assert widget.controls
    for control in widget.controls:
        assert control.description.strip(), control


@pytest.mark.parametrize("make, text", [
    (conv_stepper, "ConvStepper(input_size=4, kernel_size=3, stride=1, padding=0, dilation=1)"),
    (scatter_add_player, "ScatterAddPlayer(example='seed', input_size=2, kernel_size=2, "
                         "stride=1, padding=0, output_padding=0)"),
    (matrix_view, "MatrixView(input_size=4, kernel_size=3, stride=1, padding=0, mode='conv')"),
])
def test_mimebundle_has_widget_view_static_player_and_short_text(make, text):
    widget = make()
    bundle = widget._repr_mimebundle_()
    assert set(bundle) == {WIDGET_VIEW, "text/html", "text/plain"}
    assert bundle[WIDGET_VIEW]["model_id"] == widget.widget.model_id
    assert bundle["text/plain"] == text
    assert bundle["text/html"] == widget.player_html()
    assert bundle["text/html"] == make()._repr_mimebundle_()["text/html"]  # deterministic


def test_static_face_follows_the_current_parameters():
    stepper = conv_stepper()
    stepper.padding.value = 1
    assert stepper._repr_mimebundle_()["text/html"] == players.stepper_player(padding=1)
    assert "padding=1" in stepper._repr_mimebundle_()["text/plain"]


def test_default_stepper_shows_the_seed_outputs():
    stepper = conv_stepper()
    assert stepper.step.max == 3
    seen = []
    for t in range(4):
        stepper.step.value = t
        seen.append(stepper.view.value)
    assert len(set(seen)) == 4
    for value in ("348", "393", "528", "573"):
        assert f"= {value}</p>" in seen[["348", "393", "528", "573"].index(value)]


@pytest.mark.parametrize("cls", WIDGETS)
def test_step_slider_sets_the_view_to_that_frame(cls):
    widget = cls()
    frames = widget.frames()
    render_frame = {ConvStepper: render.stepper_html, ScatterAddPlayer: render.scatter_html,
                    MatrixView: render.matrix_html}[cls]
    for t in (widget.step.max, 0, 1):
        widget.step.value = t
        assert widget.view.value == render.page(render_frame(frames[t], len(frames)))


@pytest.mark.parametrize("cls", WIDGETS)
def test_step_range_follows_the_frame_count(cls):
    widget = cls()
    widget.input_size.value = widget.input_size.max
    assert widget.step.max == len(widget.frames()) - 1 == widget.play.max
    widget.step.value = widget.step.max
    widget.input_size.value = widget.input_size.min
    assert widget.step.max == len(widget.frames()) - 1
    assert widget.step.value <= widget.step.max


def test_scatter_padding_max_shrinks_and_clamps():
    player = scatter_add_player(example="random", input_size=3, kernel_size=3)
    player.padding.value = player.padding.max
    assert player.padding.value == 2  # full canvas 5: padding 2 leaves 1 cell
    player.kernel_size.value = 1      # full canvas 3: padding 2 would leave nothing
    assert player.padding.max == 1 and player.padding.value == 1
    with pytest.raises(ValueError):
        shapes.conv_transpose_output_size(3, 1, 1, 2, 0)


def test_scatter_output_padding_max_is_stride_minus_one():
    player = scatter_add_player(example="random", input_size=2, kernel_size=2, stride=3,
                                output_padding=2)
    assert player.output_padding.max == 2
    player.stride.value = 2
    assert player.output_padding.max == 1 and player.output_padding.value == 1
    player.stride.value = 1
    assert player.output_padding.max == 0 and player.output_padding.value == 0


def test_scatter_seed_example_fixes_the_sizes_and_random_frees_them():
    player = scatter_add_player()
    assert player.input_size.disabled and player.kernel_size.disabled
    player.example.value = "random"
    assert not player.input_size.disabled
    player.input_size.value = 4
    assert player.frames()[0].x.shape == (4, 4)
    player.example.value = "seed"
    assert player.input_size.value == 2
    np.testing.assert_array_equal(player.frames()[0].x, fr.SEED_X2)


def test_scatter_counts_toggle_changes_the_view():
    player = scatter_add_player()
    before = player.view.value
    player.show_counts.value = True
    assert player.view.value != before and 'class="tcv show-cnt"' in player.view.value


def test_stepper_kernel_max_keeps_the_kernel_inside_the_padded_input():
    stepper = conv_stepper(input_size=2, kernel_size=2)
    assert stepper.kernel_size.max == 2
    stepper.dilation.value = 2
    assert stepper.kernel_size.max == 1 and stepper.kernel_size.value == 1
    stepper.padding.value = 1
    assert stepper.kernel_size.max == 2


def test_matrix_mode_switch_changes_the_cells_to_choose():
    view = matrix_view()
    assert view.step.max == 3
    view.mode.value = "transposed"
    assert view.step.max == 15
    view.step.value = 5
    assert "column 5 of W" in view.view.value


def combos(widget):
    """Every value each slider offers now, with the others as they are."""
    for slider in sliders(widget):
        for value in range(slider.min, slider.max + 1):
            yield slider, value


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(WIDGETS), st.lists(st.tuples(st.integers(0, 6), st.integers(0, 9)),
                                          max_size=8))
def test_no_slider_offers_an_impossible_combination(cls, moves):
    widget = cls(**({"example": "random"} if cls is ScatterAddPlayer else {}))
    for which, value in moves:  # a random walk over the controls
        slider = sliders(widget)[which % len(sliders(widget))]
        if not slider.disabled:
            slider.value = min(max(value, slider.min), slider.max)
    for slider, value in combos(widget):
        old = slider.value
        slider.value = value
        widget.frames()  # raises if shapes refuses the combination
        slider.value = old


@pytest.mark.parametrize("make, kwargs, error, name", [
    (conv_stepper, {"stride": 0}, ValueError, "stride"),
    (conv_stepper, {"stride": 1.5}, TypeError, "stride"),
    (conv_stepper, {"input_size": 2, "kernel_size": 3}, ValueError, "kernel"),
    (conv_stepper, {"padding": 9}, ValueError, "padding"),
    (conv_stepper, {"X": [1, 2, 3]}, ValueError, "X"),
    (scatter_add_player, {"output_padding": 1}, ValueError, "output_padding"),
    (scatter_add_player, {"example": "random", "input_size": 1, "kernel_size": 1,
                          "padding": 1}, ValueError, "padding"),
    (scatter_add_player, {"example": "mine"}, ValueError, "example"),
    (matrix_view, {"kernel_size": "3"}, TypeError, "kernel"),
    (matrix_view, {"mode": "backward"}, ValueError, "mode"),
    (matrix_view, {"input_size": 9}, ValueError, "input_size"),
])
def test_bad_arguments_raise_errors_naming_the_parameter(make, kwargs, error, name):
    with pytest.raises(error, match=name):
        make(**kwargs)


def test_custom_grids_disable_their_size_sliders():
    stepper = conv_stepper(X=np.eye(3), K=[[1, -1]])
    assert stepper.input_size.disabled and stepper.kernel_size.disabled
    assert stepper.frames()[0].kernel.tolist() == [[1, -1]]


def test_kernel_range_fits_a_custom_non_square_input():
    stepper = conv_stepper(X=np.ones((5, 2)), kernel_size=2)
    assert stepper.kernel_size.max == 2 and stepper.kernel_size.value == 2
    stepper.padding.value = 1
    assert stepper.kernel_size.max == 4
    stepper.kernel_size.value = 4
    assert stepper.frames()[-1].output.shape == (4, 1)
