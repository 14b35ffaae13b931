"""Static files in production (issue 16, item 6): with DJANGO_STATIC_MANIFEST on, `collectstatic`
writes cache-busting names and compressed copies (WhiteNoise's compressed manifest storage), and
pages link the hashed names. Bootstrap's CSS is most of a first visit."""

import re

import pytest
from django.core.management import call_command
from django.test import override_settings

MANIFEST_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# What a page of the portal never links: left out to keep the collection fast.
IGNORED = ["admin", "rest_framework", "drf_spectacular_sidecar", "django_extensions"]
BOOTSTRAP_CSS = re.compile(r"/static/vendor/bootstrap-5\.3\.9/bootstrap\.min\.([0-9a-f]{12})\.css")


@pytest.fixture
def collected(tmp_path):
    root = tmp_path / "static"
    with override_settings(STORAGES=MANIFEST_STORAGES, STATIC_ROOT=root, DEBUG=False):
        call_command(
            "collectstatic",
            "--noinput",
            *(f"--ignore={pattern}" for pattern in IGNORED),
            verbosity=0,
        )
        yield root


def test_collectstatic_writes_hashed_and_compressed_bootstrap(collected):
    folder = collected / "vendor" / "bootstrap-5.3.9"
    hashed = [
        path
        for path in folder.iterdir()
        if re.fullmatch(r"bootstrap\.min\.[0-9a-f]{12}\.css", path.name)
    ]
    assert len(hashed) == 1, sorted(path.name for path in folder.iterdir())
    compressed = [hashed[0].with_name(hashed[0].name + suffix) for suffix in (".gz", ".br")]
    assert any(path.exists() for path in compressed), f"no .gz or .br beside {hashed[0].name}"
    smaller = min(path.stat().st_size for path in compressed if path.exists())
    assert smaller < hashed[0].stat().st_size / 3
    assert (collected / "staticfiles.json").exists()


def test_a_page_links_the_hashed_names(collected, client):
    html = client.get("/accounts/login/").content.decode()
    found = BOOTSTRAP_CSS.search(html)
    assert found, "the page does not link bootstrap.min.<hash>.css"
    assert (collected / found.group(0).removeprefix("/static/")).exists()
    for asset in ("portal/portal.css", "portal/portal.js", "vendor/htmx-2.0.11/htmx.min.js"):
        stem, _, suffix = asset.rpartition(".")
        assert re.search(rf"/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.{suffix}", html), asset
