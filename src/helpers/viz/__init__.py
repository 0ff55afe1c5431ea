"""Presentation layer: figures, maps, explorers and quizzes.

Figures take frames and draw inside :func:`helpers.viz.style.house_style`, a
context that leaves matplotlib's global settings as it found them.

* :mod:`~helpers.viz.style` -- palettes, the house style, presidential-term shading.
* :mod:`~helpers.viz.maps` -- light slider choropleths (folium) and static small multiples.
* :mod:`~helpers.viz.widgets` -- explorers that work live and on the static page.
* :mod:`~helpers.viz.quiz` -- self-check quizzes whose answers come from the data.
* :mod:`~helpers.viz.figures` -- one module of figures per domain.
"""
