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


#: limits of user files: size, and nodes after YAML aliases are expanded (an "alias bomb" of a few hundred bytes
#: expands to billions of nodes when walked)
MAX_FILE_BYTES, MAX_YAML_NODES = 10_000_000, 1_000_000


def read_text(path, what: str) -> str:
    """The text of a user file; DarkflavError naming `what` and the file, on one line, if it is missing, a folder,
    unreadable, larger than MAX_FILE_BYTES, binary or not UTF-8."""
    path = Path(path)
    if not path.exists():
        raise DarkflavError(f"{what} {str(path)!r} does not exist")
    if path.is_dir():
        raise DarkflavError(f"{what} {str(path)!r} is a folder, not a file")
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DarkflavError(f"{what} {str(path)!r} has {size} bytes, more than the {MAX_FILE_BYTES} allowed")
        data = path.read_bytes()
    except OSError as exc:
        raise DarkflavError(f"cannot read the {what} {str(path)!r}: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise DarkflavError(f"cannot read the {what} {str(path)!r}: it is not a UTF-8 text file") from None
    if "\x00" in text:
        raise DarkflavError(f"cannot read the {what} {str(path)!r}: it is a binary file, not UTF-8 text")
    return text


def parse_yaml(text: str, where: str):
    """YAML (or JSON) text parsed safely (no Python tags), refusing more than MAX_YAML_NODES nodes once aliases are
    expanded; DarkflavError naming `where` on one line."""
    if len(text) > MAX_FILE_BYTES:
        raise DarkflavError(f"{where} has {len(text)} characters, more than the {MAX_FILE_BYTES} allowed")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        sizes: dict[int, int] = {}

        def expanded(n) -> int:  # nodes of the document with every alias expanded (each distinct node once)
            if id(n) not in sizes:
                sizes[id(n)] = 0  # a recursive alias counts once
                children = ([c for pair in n.value for c in pair] if isinstance(n, yaml.MappingNode)
                            else n.value if isinstance(n, yaml.SequenceNode) else [])
                sizes[id(n)] = min(1 + sum(expanded(c) for c in children), MAX_YAML_NODES + 1)
            return sizes[id(n)]

        if expanded(node) > MAX_YAML_NODES:
            raise DarkflavError(f"{where} expands to more than {MAX_YAML_NODES} YAML nodes (aliases of aliases?): "
                                "refused")
        return loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise DarkflavError(f"{where} is not valid YAML: {yaml_problem(exc)}") from None
    except RecursionError:
        raise DarkflavError(f"{where} is nested too deeply") from None
    finally:
        loader.dispose()


def read_mapping(source, what: str, lists: bool = False):
    """`source` as a dict: a mapping itself, or the YAML file at that path holding one (with `lists`, a list too).
    DarkflavError naming `what` (e.g. 'model file') and the file, on one line, if the file is missing, unreadable,
    empty, not valid YAML or holds something else."""
    if isinstance(source, Mapping):
        return dict(source)
    if lists and isinstance(source, list):
        return source
    if not isinstance(source, (str, Path)):
        raise DarkflavError(f"{what} must be a mapping or a file path, got {type(source).__name__}")
    path = Path(source)
    data = parse_yaml(read_text(path, what), f"{what} {str(path)!r}")
    if data is None:
        raise DarkflavError(f"{what} {str(path)!r} is empty")
    if not isinstance(data, (dict, list) if lists else dict):
        shape = "a mapping or a list" if lists else "a mapping"
        raise DarkflavError(f"{what} {str(path)!r} holds a YAML {type(data).__name__}, not {shape}")
    return data
