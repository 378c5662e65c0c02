"""The front end Solara asks for is named with exact versions and checked for on disk."""

from __future__ import annotations

from pathlib import Path

from govsim.app import assets


def test_every_package_is_named_with_an_exact_version() -> None:
    packages = assets.required_packages()
    assert set(packages) == set(assets.NPM_PACKAGES)
    for version in packages.values():
        assert all(part.isdigit() for part in version.split("-")[0].split(".")), version


def test_missing_lists_what_is_not_unpacked(tmp_path: Path) -> None:
    packages = assets.required_packages()
    assert len(assets.missing(tmp_path)) == len(packages)
    name, version = next(iter(packages.items()))
    (tmp_path / f"{name}@{version}").mkdir(parents=True)
    (tmp_path / f"{name}@{version}" / "package.json").write_text("{}")
    assert f"{name}@{version}" not in assets.missing(tmp_path)
    assert len(assets.missing(tmp_path)) == len(packages) - 1
