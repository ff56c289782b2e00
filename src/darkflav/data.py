"""Package data: the YAML files in a subpackage's ``data/`` folder, read once, and the reader of user files."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from .errors import DarkflavError


@cache
def package_data(package: str, name: str):
    """The parsed YAML file ``data/<name>`` of ``package`` (e.g. ``package_data("darkflav.decays",
    "meson_mixing.yaml")``), cached: callers read it and never change it."""
    return yaml.safe_load(resources.files(package).joinpath("data", name).read_text(encoding="utf-8"))


def read_mapping(source, what: str) -> dict:
    """`source` as a dict: a mapping itself, or the YAML file at that path; DarkflavError naming `what` (e.g.
    'model file') if the file is missing, unreadable or not valid YAML."""
    if isinstance(source, Mapping):
        return dict(source)
    path = Path(source)
    if not path.exists():
        raise DarkflavError(f"{what} {str(path)!r} does not exist")
    try:
        return yaml.safe_load(path.read_text())
    except OSError as exc:
        raise DarkflavError(f"cannot read the {what} {str(path)!r}: {exc}") from None
    except yaml.YAMLError as exc:
        raise DarkflavError(f"{path} is not valid YAML: {exc}") from exc
