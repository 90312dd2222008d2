"""An ipywidgets control that generates text from a trained language model with the sampling settings chosen.

The control works with no browser or kernel attached: set the widgets'
values and call :meth:`GenerationControl.run`, as the tests do. All labels
come from the translation table.
"""
from __future__ import annotations

import html

import ipywidgets as widgets

from . import sampling
from .i18n import tr

__all__ = ["GenerationControl"]

_WIDE = {"description_width": "initial"}


class GenerationControl(widgets.VBox):
    """A prompt, sliders for temperature, top-k, top-p and length, a seed, a button, and the generated text.

    ``vocab`` encodes the prompt and decodes the output (a
    :class:`oi_helpers.text.CharVocab` or anything with ``encode`` and
    ``decode``). Temperature 0 means greedy decoding, top-k 0 and top-p 1
    switch those filters off. ``suppress_tokens`` lists token ids never
    generated (see :func:`oi_helpers.sampling.generate`). ``text`` is the
    last generated text, prompt included.
    """

    def __init__(self, model, vocab, prompt: str = "", max_new_tokens: int = 200, temperature: float = 0.8,
                 top_k: int | None = None, top_p: float | None = None, seed: int = 0,
                 suppress_tokens: list[int] | None = None):
        self.model = model
        self.vocab = vocab
        self.suppress_tokens = suppress_tokens
        self.text = ""
        self.prompt = widgets.Textarea(value=prompt, description=tr("generate_widget.prompt"), style=_WIDE,
                                       layout=widgets.Layout(width="95%", height="4em"))
        self.temperature = widgets.FloatSlider(value=temperature, min=0.0, max=2.0, step=0.05, style=_WIDE,
                                               description=tr("generate_widget.temperature"))
        self.top_k = widgets.IntSlider(value=top_k or 0, min=0, max=max(1, min(len(vocab), 200)), style=_WIDE,
                                       description=tr("generate_widget.top_k"))
        self.top_p = widgets.FloatSlider(value=1.0 if top_p is None else top_p, min=0.05, max=1.0, step=0.05,
                                         style=_WIDE, description=tr("generate_widget.top_p"))
        self.max_new_tokens = widgets.IntSlider(value=max_new_tokens, min=1, max=1000, step=1, style=_WIDE,
                                                description=tr("generate_widget.max_new_tokens"))
        self.seed = widgets.IntText(value=seed, description=tr("generate_widget.seed"), style=_WIDE)
        self.button = widgets.Button(description=tr("generate_widget.generate"), button_style="primary")
        self.output = widgets.HTML()
        self.button.on_click(lambda _: self.run())
        sliders = widgets.VBox([self.temperature, self.top_k, self.top_p, self.max_new_tokens, self.seed])
        super().__init__([self.prompt, sliders, self.button, self.output])

    def settings(self) -> dict:
        """Return the keyword arguments for :func:`oi_helpers.sampling.generate_text` that the widgets show now."""
        return {
            "prompt": self.prompt.value,
            "max_new_tokens": self.max_new_tokens.value,
            "temperature": self.temperature.value,
            "top_k": self.top_k.value or None,
            "top_p": self.top_p.value if self.top_p.value < 1.0 else None,
            "seed": self.seed.value,
            "suppress_tokens": self.suppress_tokens,
        }

    def run(self) -> str:
        """Generate with the current settings, show the text and return it (prompt included).

        An invalid prompt or setting shows the error message in place of the
        text and returns an empty string.
        """
        try:
            self.text = sampling.generate_text(self.model, self.vocab, **self.settings())
        except ValueError as error:
            self.text = ""
            self.output.value = f'<p style="color:#b00020">{html.escape(tr("generate_widget.error", error=error))}</p>'
            return self.text
        # The prompt is shown in bold when it comes back unchanged (an <unk> token would change it).
        prompt = self.prompt.value if self.text.startswith(self.prompt.value) else ""
        self.output.value = (f'<pre style="white-space:pre-wrap"><b>{html.escape(prompt)}</b>'
                             f'{html.escape(self.text[len(prompt):])}</pre>')
        return self.text
