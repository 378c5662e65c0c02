"""The app's pictures, as plain functions of view-model values (no Solara, no model).

:mod:`~govsim.app.views.network` draws a village's social network (PNG, matplotlib);
:mod:`~govsim.app.views.pipeline` the case pipeline and :mod:`~govsim.app.views.series` the
collaborative cycle's time series (SVG strings, whose text the browser sets in any language);
:mod:`~govsim.app.views.palette` holds the colours the pictures and their legends share.
"""
