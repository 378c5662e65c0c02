"""The teaching app: the model live in the browser (``govsim app``; docs/teaching.md).

Built on Solara, the toolkit of Mesa's SolaraViz. The app reads the model only through
:mod:`govsim.app.view_model`; a browser session's model lives in a
:class:`govsim.app.session.Session`; the views are plain functions of view-model values
(:mod:`govsim.app.views`); :mod:`govsim.app.page` is the Solara page; texts come from
:mod:`govsim.i18n`, the catalogue the decision report reads too. This package is an optional extra: ``pip install govsim[app]``.
"""
