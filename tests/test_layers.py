"""The import contracts (pyproject.toml, checked by `lint-imports` in bin/test) cover every app
of settings.PORTAL_APPS, in its order: an app added to the list but not to the contracts would
be left unchecked."""

import tomllib
from pathlib import Path

from django.conf import settings

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def contracts() -> tuple[dict, dict[str, dict]]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    return config, {contract["id"]: contract for contract in config["contracts"]}


def test_every_app_is_analysed_and_checked_for_cycles():
    config, by_id = contracts()
    apps = ["portal", *settings.PORTAL_APPS]

    assert config["root_packages"] == apps
    assert by_id["no-cycles"]["ancestors"] == apps
    assert by_id["app-modules"]["containers"] == settings.PORTAL_APPS


def test_apps_are_layered_in_the_order_of_portal_apps():
    _, by_id = contracts()

    # PORTAL_APPS runs lowest first; a layers contract lists the top first.
    assert by_id["apps"]["layers"] == [*reversed(settings.PORTAL_APPS), "portal"]
