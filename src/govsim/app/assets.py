"""The app's front-end assets, served from this machine: no CDN at run time.

Solara's page loads its front end (Vue, Vuetify, RequireJS, Font Awesome; KaTeX and Mermaid for
Markdown; vue-grid-layout for Mesa's draggable grid) from a CDN through its own proxy route,
``/_solara/cdn/<package>@<version>/<file>``, which first looks in a cache directory
(``solara.server.settings.assets.proxy_cache_dir``: ``SOLARA_ASSETS_PROXY_CACHE_DIR``, by default
``<sys.prefix>/share/solara/cdn``). In a classroom without internet the CDN cannot be reached,
so the app ships the cache: :func:`build` packs each npm package Solara asks for with
``npm pack`` (the npm registry, at build time only) and unpacks it where the proxy looks,
``<cache>/<package>@<version>/``. ``make app-assets`` runs it; ``govsim app`` refuses to start
without it (:func:`missing`).

The versions are read from the installed Solara's own files (:func:`required_packages`), so an
upgrade of Solara asks for the versions it needs; the browser test proves the list complete by
pointing Solara's CDN at a closed port and failing on any request that does not succeed.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Sequence
from pathlib import Path

__all__ = ["NPM_PACKAGES", "build", "cache_dir", "main", "missing", "required_packages"]

#: npm packages the Solara page asks its CDN proxy for (with ipywidgets 8 and Vue 2).
NPM_PACKAGES = (
    "@widgetti/solara-vuetify-app",  # the page: Vue 2, Vuetify 2, the widget manager, fonts
    "requirejs",  # module loader of the page
    "font-awesome",  # icons
    "@widgetti/vue-grid-layout",  # solara.GridDraggable (Mesa's SolaraViz layout)
    "katex",  # solara.Markdown: maths
    "mermaid",  # solara.Markdown: diagrams
)

#: Files of the installed ``solara`` package that name the versions it requests.
_SOLARA_FILES = (
    "server/templates/solara.html.j2",
    "server/settings.py",
    "components/markdown.py",
    "widgets/vue/gridlayout.vue",
)

_VERSION = r"(\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)/"


def required_packages() -> dict[str, str]:
    """The npm packages of :data:`NPM_PACKAGES` with the versions the installed Solara requests.

    Raises
    ------
    RuntimeError
        If a package is not named with an exact version in Solara's files (a Solara release
        that loads it differently: update :data:`NPM_PACKAGES`).
    """
    import solara

    root = Path(solara.__file__).parent
    text = "\n".join((root / name).read_text(encoding="utf-8") for name in _SOLARA_FILES)
    found: dict[str, str] = {}
    for package in NPM_PACKAGES:
        versions = sorted(set(re.findall(rf"(?<![\w-]){re.escape(package)}@{_VERSION}", text)))
        if not versions:
            raise RuntimeError(f"Solara {solara.__version__} names no exact version of {package}")
        found[package] = versions[-1]
    return found


def cache_dir() -> Path:
    """The directory Solara's CDN proxy reads (``SOLARA_ASSETS_PROXY_CACHE_DIR`` or its default)."""
    import solara.server.settings

    return Path(solara.server.settings.assets.proxy_cache_dir)


def _package_dir(cache: Path, package: str, version: str) -> Path:
    return cache / f"{package}@{version}"


def missing(cache: Path | None = None) -> list[str]:
    """``package@version`` of every required package not unpacked in ``cache``."""
    cache = cache_dir() if cache is None else cache
    return [
        f"{package}@{version}"
        for package, version in required_packages().items()
        if not (_package_dir(cache, package, version) / "package.json").is_file()
    ]


def build(cache: Path | None = None, *, npm: str = "npm", quiet: bool = False) -> list[str]:
    """Unpack every missing package into ``cache`` with ``npm pack``; return what was added.

    Each package is unpacked into a temporary directory and moved into place whole, so an
    interrupted build leaves no half package that :func:`missing` would take for complete.
    """
    cache = cache_dir() if cache is None else cache
    todo = missing(cache)
    if todo and shutil.which(npm) is None:
        raise RuntimeError(f"{npm!r} not found: install Node.js and npm to build the app's assets")
    for spec in todo:
        if not quiet:
            print(f"app assets: {spec}", file=sys.stderr)
        package, _, version = spec.rpartition("@")
        target = _package_dir(cache, package, version)
        with tempfile.TemporaryDirectory() as tmp:
            packed = subprocess.run(
                [npm, "pack", spec, "--silent", "--pack-destination", tmp],
                check=True,
                capture_output=True,
                text=True,
            ).stdout.split()[-1]
            with tarfile.open(Path(tmp) / packed) as archive:
                archive.extractall(tmp, filter="data")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(target, ignore_errors=True)
            shutil.move(Path(tmp) / "package", target)
    return todo


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m govsim.app.assets [--cache DIR] [--check]``: build or check the assets."""
    parser = argparse.ArgumentParser(
        prog="python -m govsim.app.assets", description=main.__doc__ and __doc__.splitlines()[0]
    )
    parser.add_argument(
        "--cache", type=Path, default=None, help="cache directory (default: Solara's)"
    )
    parser.add_argument("--check", action="store_true", help="only report what is missing")
    args = parser.parse_args(argv)
    cache = cache_dir() if args.cache is None else args.cache
    if args.check:
        absent = missing(cache)
        for spec in absent:
            print(f"missing: {spec}")
        return 1 if absent else 0
    added = build(cache)
    print(f"app assets in {cache}: {len(required_packages())} packages ({len(added)} added)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
