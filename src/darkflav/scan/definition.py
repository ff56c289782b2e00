"""Scan definitions: a theory factory, parameter grids or samples, observables and likelihoods.

A scan file (YAML)::

    name: kaon window
    theory:
      type: DarkEFT                  # DarkEFT, NeutrinoWET, InvisibleBoson or model (darkflav.theories)
      species: real scalar
      mass: m                        # a scan parameter or a number
      coefficients: {CS_sd: C}       # values: scan parameters or numbers
    # a UV model (darkflav.models.MODELS), built with MODELS[model].from_mapping(parameters):
    # theory: {type: model, model: S1/2~, parameters: {mass: 2000, couplings: {btau: y1, stau: y2}}}
    # (values anywhere in parameters: numbers, scan parameters, lists of them, {Re: …, Im: …})
    grid:                            # either grid (cartesian product) ...
      m: {linear: [0.0, 0.177, 60]}
      C: {log: [1.0e-12, 1.0e-9, 50]}
    # ... or random: {n: 100000, seed: 1, method: latin-hypercube}  with
    # parameters: {m: {uniform: [0, 0.177]}, C: {log-uniform: [1.0e-12, 1.0e-9]}}
    observables: [BR(K+->pi+ inv)]
    likelihoods: [NA62 2016-2022 K+->pi+nunu]
    chunk_size: 10000

Every problem is reported before anything runs, with the line of the scan file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from ..data import parse_yaml, read_text
from ..errors import DarkflavError, suggest
from ..experiments.measurements import measurements, presets
from ..registry import ALIASES, REGISTRY
from ..theories import LABELS, TYPES, read_theory, substitute

GRID_KINDS = ("linear", "log", "values")
RANDOM_KINDS = ("uniform", "log-uniform")
METHODS = ("random", "latin-hypercube")


@dataclass(frozen=True)
class ScanDefinition:
    name: str
    theory: dict
    parameters: dict        # name → (kind, spec)
    mode: str               # "grid" or "random"
    n_points: int
    seed: int | None
    method: str
    observables: tuple[str, ...]
    likelihoods: tuple[str, ...]
    chunk_size: int
    text: str               # the scan file, stored with the results

    @property
    def n_chunks(self) -> int:
        return -(-self.n_points // self.chunk_size)


class _Lines:
    """Line numbers of the keys of a YAML document (for error messages)."""

    def __init__(self, text: str, where: str):
        self.where = where
        self.lines: dict[tuple, int] = {}
        try:
            node = yaml.compose(text)
        except yaml.YAMLError as exc:
            raise DarkflavError(f"{where}: not valid YAML: {exc}") from exc
        self._walk(node, ())

    def _walk(self, node, path):
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                self.lines[path + (key.value,)] = key.start_mark.line + 1
                self._walk(value, path + (key.value,))
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self.lines[path + (i,)] = item.start_mark.line + 1
                self._walk(item, path + (i,))

    def error(self, path: tuple, message: str) -> DarkflavError:
        line = None
        for k in range(len(path), 0, -1):
            if path[:k] in self.lines:
                line = self.lines[path[:k]]
                break
        at = f"{self.where}, line {line}" if line else self.where
        return DarkflavError(f"{at} ({'.'.join(str(p) for p in path)}): {message}")


def load(source) -> ScanDefinition:
    """Read and check a scan file (path, YAML text or dict)."""
    if isinstance(source, dict):
        text, where = yaml.safe_dump(source, sort_keys=False), "scan definition"
    elif isinstance(source, str) and "\n" in source:
        text, where = source, "scan definition"
    elif isinstance(source, (str, Path)):
        text, where = read_text(source, "scan file"), str(source)
    else:
        raise DarkflavError(f"a scan is a file path, YAML text or mapping, got {type(source).__name__}")
    data = parse_yaml(text, f"scan file {where!r}" if where != "scan definition" else where)
    if data is None:
        raise DarkflavError(f"scan file {where!r} is empty")
    lines = _Lines(text, where)
    if not isinstance(data, dict):
        raise lines.error((), "a scan file is a mapping with theory, grid or random, observables")
    known = {"name", "theory", "grid", "random", "parameters", "observables", "likelihoods", "chunk_size"}
    for key in data:
        if key not in known:
            raise lines.error((key,), f"unknown key.{suggest(key, known)} Allowed: {', '.join(sorted(known))}")
    if ("grid" in data) == ("random" in data):
        raise lines.error((), "give exactly one of 'grid' (cartesian product) or 'random' (sampling)")
    if "theory" not in data:
        raise lines.error((), "missing 'theory'")

    parameters, n_points, seed, method = {}, 1, None, "random"
    if "grid" in data:
        mode = "grid"
        for name, spec in _mapping(data["grid"], lines, ("grid",)).items():
            kind, values = _single(spec, GRID_KINDS, lines, ("grid", name))
            if kind == "values":
                if not isinstance(values, list) or not values:
                    raise lines.error(("grid", name), "values must be a non-empty list")
                count = len(values)
            else:
                lo, hi, count = _range(values, lines, ("grid", name), kind, with_count=True)
            parameters[name] = (kind, values)
            n_points *= count
    else:
        mode = "random"
        rnd = _mapping(data["random"], lines, ("random",))
        for key in rnd:
            if key not in ("n", "seed", "method"):
                raise lines.error(("random", key), "unknown key; allowed: n, seed, method")
        n_points = rnd.get("n")
        if not isinstance(n_points, int) or n_points < 1:
            raise lines.error(("random", "n"), f"n must be a positive integer, got {n_points!r}")
        seed = rnd.get("seed", 0)
        method = rnd.get("method", "random")
        if method not in METHODS:
            raise lines.error(("random", "method"), f"method {method!r} unknown; allowed: {', '.join(METHODS)}")
        for name, spec in _mapping(data.get("parameters"), lines, ("parameters",)).items():
            kind, values = _single(spec, RANDOM_KINDS, lines, ("parameters", name))
            _range(values, lines, ("parameters", name), "log" if kind == "log-uniform" else kind)
            parameters[name] = (kind, values)
    theory = _check_theory(data["theory"], parameters, lines, mode)
    observables = tuple(_list(data.get("observables", []), lines, ("observables",)))
    likelihoods = tuple(_list(data.get("likelihoods", []), lines, ("likelihoods",)))
    _check_names(observables, likelihoods, lines)
    if not observables and not likelihoods:
        raise lines.error((), "nothing to record: give observables and/or likelihoods")
    chunk_size = data.get("chunk_size", 10000)
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise lines.error(("chunk_size",), f"chunk_size must be a positive integer, got {chunk_size!r}")
    name = data.get("name", "scan")
    if not isinstance(name, (str, int, float)) or isinstance(name, bool):
        raise lines.error(("name",), f"name must be a text, got {name!r}")
    return ScanDefinition(str(name), theory, parameters, mode, n_points, seed, method,
                          observables, likelihoods, chunk_size, text)


def _mapping(value, lines, path) -> dict:
    if not isinstance(value, dict) or not value:
        raise lines.error(path, "must be a non-empty mapping")
    return value


def _list(value, lines, path) -> list:
    if isinstance(value, str):
        return [value]
    if not isinstance(value, list):
        raise lines.error(path, "must be a list")
    return value


def _single(spec, kinds, lines, path):
    if not isinstance(spec, dict) or len(spec) != 1:
        example = f"{{{kinds[0]}: [low, high{', n' if kinds[0] == 'linear' else ''}]}}"
        raise lines.error(path, f"give one of {', '.join(kinds)}, e.g. {example}")
    kind, values = next(iter(spec.items()))
    if kind not in kinds:
        raise lines.error(path + (kind,), f"unknown kind {kind!r}.{suggest(kind, kinds)} Allowed: {', '.join(kinds)}")
    return kind, values


def _range(values, lines, path, kind, with_count=False):
    n = 3 if with_count else 2
    if not isinstance(values, list) or len(values) != n or not all(isinstance(v, (int, float)) for v in values):
        raise lines.error(path, f"expected [low, high{', number of points' if with_count else ''}], got {values!r}")
    lo, hi = float(values[0]), float(values[1])
    if not lo < hi:
        raise lines.error(path, f"inverted or empty range: low = {lo} must be smaller than high = {hi}")
    if kind == "log" and lo <= 0:
        raise lines.error(path, f"a logarithmic range needs low > 0, got low = {lo}")
    if with_count and (not isinstance(values[2], int) or values[2] < 1):
        raise lines.error(path, f"the number of points must be a positive integer, got {values[2]!r}")
    return lo, hi, (values[2] if with_count else None)


def _check_theory(theory, parameters, lines, mode):
    """The theory of a scan file (darkflav.theories, with its `type:`): every number a number or a scan parameter,
    and the theory built at the ends of the scan ranges by `read_theory`, whose objections are reported at the line
    of the key they name."""
    path = ("theory",)
    theory = _mapping(theory, lines, path)
    kind = theory.get("type")
    if kind not in TYPES:
        raise lines.error(path + ("type",), f"type must be one of {', '.join(TYPES)}, got {kind!r}")
    used = set()

    def walk(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, where + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, where + (i,))
        elif isinstance(value, str):
            if value not in parameters:
                raise lines.error(where, f"{value!r} is not a scan parameter.{suggest(value, parameters)} "
                                         f"Scan parameters: {', '.join(parameters)}")
            used.add(value)
        elif not isinstance(value, (int, float)):
            raise lines.error(where, f"expected a number or a scan parameter name, got {value!r}")

    for key, value in theory.items():
        if key not in LABELS:
            walk(value, path + (key,))
    ends = {p: np.array([min(_extent(*parameters[p])), max(_extent(*parameters[p]))]) for p in parameters}

    def build(spec):
        read_theory(substitute(spec, ends))

    try:
        build(theory)
    except DarkflavError as exc:
        message = str(exc)
        culprit = _culprit(theory, message, build) or _value_key(theory, message)
        raise lines.error(path + culprit, message) from None
    unused = set(parameters) - used
    if unused:
        raise lines.error(("grid",) if mode == "grid" else ("parameters",),
                          f"scan parameters {sorted(unused)} are not used by the theory")
    return dict(theory)


def _extent(kind, values) -> list[float]:
    """The values a scan parameter spans (its ends suffice)."""
    return [float(v) for v in (values if kind == "values" else values[:2])]


def _value_key(theory: dict, message: str) -> tuple:
    """(the key of the coefficients or couplings,) for a message about an operator, coefficient, coupling or
    quark flavour that names no key of the theory; () otherwise."""
    key = next((k for k in ("coefficients", "couplings") if k in theory), None)
    words = ("operator", "coefficient", "coupling", "flavour", "quark")
    return (key,) if key and any(w in message for w in words) else ()


def _culprit(spec: dict, message: str, build) -> tuple:
    """The key of `spec` a model's error is about: among the keys the message names, the first whose removal
    changes the error; () if none."""
    paths = []

    def collect(value, where):
        if isinstance(value, dict):
            for key, item in value.items():
                paths.append(where + (key,))
                collect(item, where + (key,))

    collect(spec, ())
    named = [p for p in paths if re.search(rf"(?<!\w){re.escape(str(p[-1]))}(?!\w)", message)]
    named.sort(key=lambda p: (f"'{p[-1]}'" not in message, -len(p)))  # a quoted key first, then the deepest
    for candidate in named:
        try:
            build(_without(spec, candidate))
        except DarkflavError as exc:
            if str(exc) == message:
                continue
        return candidate
    return ()


def _without(spec: dict, path: tuple) -> dict:
    """A copy of nested mapping `spec` without the key at `path`."""
    if len(path) == 1:
        return {k: v for k, v in spec.items() if k != path[0]}
    return {k: (_without(v, path[1:]) if k == path[0] else v) for k, v in spec.items()}


def _check_names(observables, likelihoods, lines):
    for i, name in enumerate(observables):
        if name not in REGISTRY and name not in ALIASES:
            raise lines.error(("observables", i), f"unknown observable {name!r}.{suggest(name, REGISTRY)}")
    for i, name in enumerate(likelihoods):
        if name not in measurements() and name not in presets():
            allowed = list(measurements()) + list(presets())
            raise lines.error(("likelihoods", i), f"unknown measurement or preset {name!r}.{suggest(name, allowed)}")
