"""The report's index.html in a real browser: headless Chromium loads every image and renders the page."""

import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from darkflav.report import HTML_FILE, step_count

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
#: Milliseconds of virtual time Chromium runs the page (load events, the image check) before dumping.
VIRTUAL_TIME_MS = 5000
TIMEOUT_S = 60


class _Images(HTMLParser):
    """Collects the src of every <img>."""

    def __init__(self):
        super().__init__()
        self.sources = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append(dict(attrs)["src"])


def images_of(page: str) -> list[str]:
    parser = _Images()
    parser.feed(page)
    return parser.sources


@pytest.fixture(scope="module")
def report(report_run):
    out, result, messages = report_run
    assert result.exit_code == 0, result.output
    return out, messages


@pytest.fixture(scope="module")
def chromium():
    if not Path(CHROMIUM).is_file():
        pytest.skip(f"Chromium not found at {CHROMIUM} (CI installs it: apt-get install -y chromium)")
    return CHROMIUM


def run_chromium(binary, profile: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                          text=True, timeout=TIMEOUT_S, check=False)


def test_progress_calls_match_step_count(report):
    _, messages = report
    assert len(messages) == step_count()


def test_every_image_of_the_page_exists(report):
    out, _ = report
    page = (out / HTML_FILE).read_text()
    sources = images_of(page)
    assert len(sources) >= 7
    for source in sources:
        assert not Path(source).is_absolute() and "://" not in source, source  # relative: folder movable
        assert (out / source).stat().st_size > 0, source
    for title in ("Standard Model", "Likelihood: seeds Belle II", "Best fits", "Allowed couplings",
                  "Dark matter: relic density, CMB and direct detection", "UV models",
                  "LHC monojets: 95 % CL bounds on contact coefficients"):
        assert f"<h2>{title}" in page, title


def test_chromium_loads_every_image(report, chromium, tmp_path):
    """The page's inline script sets data-loaded="true" on <body> once every image is complete with a
    non-zero natural width; the DOM is dumped after the page has run."""
    out, _ = report
    url = (out / HTML_FILE).resolve().as_uri()
    result = run_chromium(chromium, tmp_path / "profile", f"--virtual-time-budget={VIRTUAL_TIME_MS}",
                          "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-2000:]
    body = re.search(r"<body[^>]*>", result.stdout)
    assert body, result.stdout[:500]
    assert 'data-loaded="true"' in body.group(0), body.group(0)
    count = len(images_of((out / HTML_FILE).read_text()))
    assert f'data-images="{count}"' in body.group(0)


def test_chromium_screenshot(report, chromium, tmp_path):
    out, _ = report
    shot = tmp_path / "page.png"
    result = run_chromium(chromium, tmp_path / "profile", f"--screenshot={shot}", "--window-size=1400,4000",
                          (out / HTML_FILE).resolve().as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    data = shot.read_bytes()
    assert len(data) > 50_000 and data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (1400, 4000)  # IHDR width, height
