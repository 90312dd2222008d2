"""An ipywidgets playground: optimizer paths on a loss surface that redraw as the controls change.

The plot is a PNG in an ``ipywidgets.Image``, drawn with matplotlib's Agg
renderer, so it needs no interactive matplotlib backend, and the playground
builds and redraws with no browser or kernel attached (the test suite does
exactly that). All labels come from the translation table.
"""
from __future__ import annotations

import html
import io

import ipywidgets as widgets
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from . import optim, plot, surfaces
from .i18n import tr

__all__ = ["Playground"]

_WIDE = {"description_width": "initial"}


class Playground(widgets.VBox):
    """Pick a surface, optimizers, learning rate, momentum, betas and start point; the paths redraw.

    ``paths`` contains the :class:`oi_helpers.surfaces.Path` of each chosen
    optimizer, and ``image.value`` the PNG of the current plot. By default
    each optimizer uses the surface's own learning rate for it; tick
    "one learning rate for all" to use the slider's value for every optimizer.
    """

    def __init__(self, surface: str = "quadratic", optimizers: tuple[str, ...] = ("sgd", "momentum", "adam")):
        plot.setup(warn=False)
        if surface not in surfaces.SURFACES:
            raise ValueError(tr("widgets.unknown_surface", value=repr(surface), choices=", ".join(surfaces.SURFACES)))
        unknown = [name for name in optimizers if name not in optim.NAMES]
        if isinstance(optimizers, str) or unknown:
            raise ValueError(tr("widgets.unknown_optimizer", value=repr(unknown or optimizers),
                                choices=", ".join(optim.NAMES)))
        chosen = surfaces.SURFACES[surface]
        self.surface_picker = widgets.Dropdown(
            options=[(s.label, key) for key, s in surfaces.SURFACES.items()], value=surface,
            description=tr("widgets.surface"), style=_WIDE)
        self.optimizer_picker = widgets.SelectMultiple(
            options=[(optim.label(name), name) for name in optim.NAMES], value=tuple(optimizers), rows=len(optim.NAMES),
            description=tr("widgets.optimizers"), style=_WIDE)
        self.same_lr = widgets.Checkbox(value=False, description=tr("widgets.same_lr"), style=_WIDE)
        self.lr = widgets.FloatLogSlider(value=0.1, base=10, min=-4, max=0.5, step=0.05, readout_format=".2g",
                                         description=tr("widgets.lr"), disabled=True, continuous_update=False,
                                         style=_WIDE)
        self.momentum = widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01, continuous_update=False,
                                            description=tr("widgets.momentum"), style=_WIDE)
        self.beta1 = widgets.FloatSlider(value=0.9, min=0.0, max=0.99, step=0.01, continuous_update=False,
                                         description=tr("widgets.beta1"), style=_WIDE)
        self.beta2 = widgets.FloatSlider(value=0.999, min=0.5, max=0.9999, step=0.0001, readout_format=".4f",
                                         continuous_update=False, description=tr("widgets.beta2"), style=_WIDE)
        self.start_x = widgets.FloatSlider(continuous_update=False, description=tr("widgets.start_x"), style=_WIDE)
        self.start_y = widgets.FloatSlider(continuous_update=False, description=tr("widgets.start_y"), style=_WIDE,
                                           readout_format=".3f")
        self.steps = widgets.IntSlider(value=chosen.steps, min=10, max=1000, step=10, continuous_update=False,
                                       description=tr("widgets.steps"), style=_WIDE)
        self.shown_step = widgets.IntSlider(value=chosen.steps, min=0, max=chosen.steps,
                                            description=tr("widgets.shown_step"), style=_WIDE)
        self.image = widgets.Image(format="png")
        self.summary = widgets.HTML()
        self.paths: list[surfaces.Path] = []
        self.figure = Figure(figsize=(6.0, 5.0), dpi=80)
        FigureCanvasAgg(self.figure)
        self._updating = False
        self._set_start_sliders(chosen)

        self.surface_picker.observe(self._on_surface, names="value")
        self.same_lr.observe(self._on_same_lr, names="value")
        for control in (self.optimizer_picker, self.lr, self.momentum, self.beta1, self.beta2, self.start_x,
                        self.start_y, self.steps):
            control.observe(self._on_setting, names="value")
        self.shown_step.observe(self._on_shown_step, names="value")

        controls = widgets.VBox([self.surface_picker, self.optimizer_picker, self.same_lr, self.lr, self.momentum,
                                 self.beta1, self.beta2, self.start_x, self.start_y, self.steps, self.shown_step])
        super().__init__([widgets.HBox([controls, widgets.VBox([self.image, self.summary])])])
        self.recompute()

    @property
    def surface(self) -> surfaces.Surface:
        """The surface now chosen."""
        return surfaces.SURFACES[self.surface_picker.value]

    def _set_start_sliders(self, surface: surfaces.Surface) -> None:
        for slider, (low, high), value in ((self.start_x, surface.xlim, surface.start[0]),
                                           (self.start_y, surface.ylim, surface.start[1])):
            # Widen first, so the old value never falls outside the new range while it changes.
            slider.min, slider.max = min(low, slider.min), max(high, slider.max)
            slider.step = (high - low) / 400
            slider.value = value
            slider.min, slider.max = low, high

    def _on_surface(self, change) -> None:
        self._updating = True
        try:
            self._set_start_sliders(self.surface)
            self.steps.value = self.surface.steps
        finally:
            self._updating = False
        self.recompute()

    def _on_same_lr(self, change) -> None:
        self.lr.disabled = not change["new"]
        self.recompute()

    def _on_setting(self, change) -> None:
        if not self._updating:
            self.recompute()

    def _on_shown_step(self, change) -> None:
        if not self._updating:
            self.redraw()

    def recompute(self) -> None:
        """Run every chosen optimizer from the start point and redraw."""
        surface = self.surface
        self.paths = [
            surfaces.run_path(surface, name, steps=self.steps.value,
                              lr=self.lr.value if self.same_lr.value else None,
                              start=(self.start_x.value, self.start_y.value), momentum=self.momentum.value,
                              betas=(self.beta1.value, self.beta2.value))
            for name in self.optimizer_picker.value
        ]
        self._updating = True
        try:
            self.shown_step.max = self.steps.value
            self.shown_step.value = self.steps.value
        finally:
            self._updating = False
        self.redraw()

    def redraw(self) -> None:
        """Draw the current paths up to the shown step into ``image`` and refresh the summary table."""
        self.figure.clear()
        ax = self.figure.add_subplot()
        surfaces.draw_paths(self.surface, self.paths, ax=ax, upto=self.shown_step.value)
        self.figure.tight_layout()
        buffer = io.BytesIO()
        self.figure.savefig(buffer, format="png")
        self.image.value = buffer.getvalue()
        self.summary.value = self._summary_table()

    def _summary_table(self) -> str:
        header = "".join(f"<th>{html.escape(tr(key))}</th>" for key in
                         ("widgets.col_optimizer", "widgets.col_lr", "widgets.col_loss"))
        rows = []
        for path in self.paths:
            lr = self.lr.value if self.same_lr.value else self.surface.lrs[path.name]
            step = min(self.shown_step.value, len(path.losses) - 1)
            loss = tr("widgets.diverged") if path.diverged and step == len(path.losses) - 1 \
                else f"{path.losses[step]:.4g}"
            rows.append(f"<tr><td>{html.escape(path.label)}</td><td>{lr:.3g}</td><td>{html.escape(loss)}</td></tr>")
        return f"<table><tr>{header}</tr>{''.join(rows)}</table>"
