"""Package data: the YAML files in a subpackage's ``data/`` folder, read once, and the reader of user files."""

from __future__ import annotations

import gzip
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


def package_bytes(package: str, name: str) -> bytes:
    """The bytes of the file ``data/<name>`` of ``package``, decompressed if its name ends in ``.gz``."""
    raw = resources.files(package).joinpath("data", name).read_bytes()
    return gzip.decompress(raw) if name.endswith(".gz") else raw


def yaml_problem(exc: yaml.YAMLError) -> str:
    """What is wrong in a YAML text, on one line: the parser's problem and where ('line 2, column 9')."""
    problem = getattr(exc, "problem", None) or str(exc)
    mark = getattr(exc, "problem_mark", None)
    where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
    return " ".join(f"{problem}{where}".split())


def read_mapping(source, what: str, lists: bool = False):
    """`source` as a dict: a mapping itself, or the YAML file at that path holding one (with `lists`, a list too).
    DarkflavError naming `what` (e.g. 'model file') and the file, on one line, if the file is missing, unreadable,
    empty, not valid YAML or holds something else."""
    if isinstance(source, Mapping):
        return dict(source)
    if lists and isinstance(source, list):
        return source
    path = Path(source)
    if not path.exists():
        raise DarkflavError(f"{what} {str(path)!r} does not exist")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DarkflavError(f"cannot read the {what} {str(path)!r}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise DarkflavError(f"cannot read the {what} {str(path)!r}: it is not a UTF-8 text file") from None
    except yaml.YAMLError as exc:
        raise DarkflavError(f"{what} {str(path)!r} is not valid YAML: {yaml_problem(exc)}") from None
    if data is None:
        raise DarkflavError(f"{what} {str(path)!r} is empty")
    if not isinstance(data, (dict, list) if lists else dict):
        shape = "a mapping or a list" if lists else "a mapping"
        raise DarkflavError(f"{what} {str(path)!r} holds a YAML {type(data).__name__}, not {shape}")
    return data
