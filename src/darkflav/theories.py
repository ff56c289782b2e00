"""One reader of theories given as data: a mapping, a list of them, or a YAML file holding either.

Every command line option that takes a theory (`--wc`, `--dark`, `--model`, `--file`), the scan files' `theory:`
and the report's model points go through `read_theory` (docs/conventions.md, "Theory files"). The schema::

    type: DarkEFT          species: real scalar, mass: 1.0, coefficients: {CS_sb: 5.0e-8}
    type: NeutrinoWET      C_L, C_R, C_L_prime, C_R_prime: {tautau: -15.4} or 3×3 lists; sector: sb (default) or sd
    type: InvisibleBoson   spin: 0 or 1, mass: 2.1, couplings: {gS_sb: 1.0e-8}, width: 0.01 (optional; GeV)
    type: model            model: NAME (a key of darkflav.models.MODELS), parameters: {…} (what its from_mapping reads)

and a list of these (a list of theories: `darkflav.predict` sums the parts an observable adds). Shorthands:
``{model: NAME, <parameters>}``; ``{species, mass, coefficients}`` (a DarkEFT); ``{boson: {spin, mass, couplings}}``;
a WCxf file (eft, basis, scale, values), read by `NeutrinoWET.from_wcxf` for each quark sector asked for. A complex
number is ``{Re: x, Im: y}``; a list is an array whose list axes come last ([0, y, 0.2] with y of shape (n,) is
(n, 3)), so scan-parameter arrays put in by `substitute` broadcast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from .arrays import ArrayLike, NDArray
from .data import read_mapping
from .eft import DarkEFT, InvisibleBoson, NeutrinoWET
from .eft.neutrino import FIELDS
from .errors import DarkflavError, suggest, unknown
from .models import MODELS
from .registry import Theory

TYPES = ("DarkEFT", "NeutrinoWET", "InvisibleBoson", "model")
#: keys whose values name things rather than give numbers (never scan parameters)
LABELS = frozenset({"type", "species", "sector", "spin", "model"})
#: the keys of each type: (required, optional)
KEYS = {"DarkEFT": (("species", "mass", "coefficients"), ()),
        "NeutrinoWET": ((), (*FIELDS, "sector")),
        "InvisibleBoson": (("spin", "mass", "couplings"), ("width",)),
        "model": (("model",), ("parameters",))}
WCXF_KEYS = ("eft", "basis", "scale", "values")
SHORTHANDS = ("{model: NAME, <parameters>}", "{species, mass, coefficients}", "{boson: {spin, mass, couplings}}",
              "a WCxf file (eft, basis, scale, values)")


def read_theory(source: str | Path | Mapping[str, Any] | list[Any], what: str = "theory file", *,
                sectors: Iterable[str] = ("sb",), model: str | None = None,
                parameters: Mapping[str, Any] | None = None) -> Theory:
    """The theory object (DarkEFT, NeutrinoWET, InvisibleBoson, a UV model) or list of them that `source` — a
    mapping, a list or the path of a YAML file — describes (schema in the module docstring).

    `sectors`: the quark sectors ('sb', 'sd') a WCxf file is read for (one NeutrinoWET each; a list if several).
    `model`: the model (a key of MODELS) a mapping of bare parameters stands for (`darkflav monojet --model` reads
    a VLQ point without `model: VLQ`). `parameters`: nested values set on top of a model's parameters
    (`darkflav model --set`). Every problem is a DarkflavError on one line, naming the file (`what` says what
    kind of file it is)."""
    sectors = (sectors,) if isinstance(sectors, str) else tuple(sectors)
    if isinstance(source, Mapping | list):
        return _theory(source, sectors, model, parameters)
    data = read_mapping(source, what, lists=True)
    try:
        return _theory(data, sectors, model, parameters)
    except DarkflavError as exc:
        raise DarkflavError(f"{what} {str(source)!r}: {' '.join(str(exc).split())}") from None


def model_name(theory: Theory) -> str | None:
    """The name (a key of MODELS) of a UV model's class; None for anything else."""
    return next((name for name, cls in MODELS.items() if type(theory) is cls), None)


def describe(theory: Theory) -> str:
    """'a DarkEFT', 'the UV model S1/2~', 'a list of 2 theories' (for messages)."""
    if isinstance(theory, list):
        return f"a list of {len(theory)} theories"
    name = model_name(theory)
    return f"the UV model {name}" if name else f"a {type(theory).__name__}"


def numbers(value: object) -> Any:
    """The values of a theory as numbers and arrays: {Re: x, Im: y} → x + iy, a list → an array with the list axes
    last (its items broadcast), mappings item by item; anything else unchanged."""
    if isinstance(value, Mapping):
        if value and set(value) <= {"Re", "Im"}:
            return numbers(value.get("Re", 0.0)) + 1j * numbers(value.get("Im", 0.0))
        return {key: numbers(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return _stacked(value)[0]
    return value


def _stacked(items: list[Any] | tuple[Any, ...]) -> tuple[NDArray[Any], int]:
    """(array, number of list axes) of a nested list: the items broadcast and stack on a new axis in front of their
    own list axes."""
    if not items:
        return np.zeros(0), 1
    parts = [_stacked(item) if isinstance(item, list | tuple) else (np.asarray(numbers(item)), 0) for item in items]
    depth = max(d for _, d in parts)
    try:
        arrays = np.broadcast_arrays(*(a for a, _ in parts))
    except ValueError:
        raise DarkflavError(f"the items of the list {items!r} do not broadcast together") from None
    return np.stack(arrays, axis=-1 - depth), depth + 1


def _theory(data: object, sectors: tuple[str, ...], model: str | None,
            parameters: Mapping[str, Any] | None) -> Theory:
    if isinstance(data, list):
        if not data:
            raise DarkflavError("an empty list of theories")
        if parameters:
            raise DarkflavError("parameters can be set on one UV model, not on a list of theories")
        theories = []
        for i, item in enumerate(data):
            if not isinstance(item, Mapping):
                raise DarkflavError(f"item {i + 1} of the list of theories is not a mapping: {item!r}")
            try:
                built = _theory(item, sectors, model, None)
            except DarkflavError as exc:
                raise DarkflavError(f"theory {i + 1} of the list: {exc}") from None
            theories += built if isinstance(built, list) else [built]
        return theories
    if not isinstance(data, Mapping):
        raise DarkflavError(f"a theory is a mapping (or a list of them), got {data!r}")
    if "type" not in data and set(WCXF_KEYS) & set(data):
        if parameters:
            raise DarkflavError("parameters can be set on a UV model, not on WCxf coefficients")
        parts = [NeutrinoWET.from_wcxf(data, sector=sector) for sector in sectors]
        return parts[0] if len(parts) == 1 else parts
    spec = _spec(data, model)
    if parameters:
        if spec["type"] != "model":
            raise DarkflavError(f"parameters can be set on a UV model, not on a {spec['type']}")
        spec["parameters"] = _merged(spec.get("parameters") or {}, parameters)
    return _build(spec)


def _spec(data: Mapping[str, Any], model: str | None) -> dict[str, Any]:
    """The mapping in the `type:` schema: shorthands rewritten."""
    if "type" in data:
        if data["type"] not in TYPES:
            raise unknown("theory type", str(data["type"]), TYPES)
        return dict(data)
    if "model" in data:
        return {"type": "model", "model": data["model"], "parameters": {k: v for k, v in data.items() if k != "model"}}
    if "boson" in data:
        extra = [k for k in data if k != "boson"]
        if extra:
            raise DarkflavError(f"unknown key {extra[0]!r} beside 'boson' (a file {{boson: {{spin, mass, "
                                "couplings}}}} has no other keys)")
        if not isinstance(data["boson"], Mapping):
            raise DarkflavError("boson must be a mapping {spin, mass, couplings}")
        return {"type": "InvisibleBoson", **data["boson"]}
    if "species" in data or "coefficients" in data:
        return {"type": "DarkEFT", **data}
    if model is not None:
        return {"type": "model", "model": model, "parameters": dict(data)}
    raise DarkflavError(f"not a theory: give 'type' ({', '.join(TYPES)}) with its keys, or one of "
                        f"{'; '.join(SHORTHANDS)}; got the keys {', '.join(map(str, data)) or 'none'}")


def _merged(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """`base` with the nested values of `changes` put in (mappings merged key by key)."""
    out = dict(base)
    for key, value in changes.items():
        out[key] = (_merged(out[key], value) if isinstance(value, Mapping) and isinstance(out.get(key), Mapping)
                    else value)
    return out


def _build(spec: Mapping[str, Any]) -> Theory:
    """The object of a mapping in the `type:` schema."""
    kind = spec["type"]
    required, optional = KEYS[kind]
    allowed = ("type", *required, *optional)
    extra = [k for k in spec if k not in allowed]
    if extra:
        name = str(extra[0])
        raise DarkflavError(f"unknown key {name!r} of type {kind}.{suggest(name, allowed)} "
                            f"Allowed: {', '.join(allowed)}")
    missing = [k for k in required if k not in spec]
    if missing:
        raise DarkflavError(f"type {kind} needs {', '.join(map(repr, missing))}")
    for key in ("species", "sector", "model"):
        if key in spec and not isinstance(spec[key], str):
            raise DarkflavError(f"{key} must be a name, got {spec[key]!r}")
    values = {k: v if k in LABELS else numbers(v) for k, v in spec.items() if k != "type"}
    if kind == "DarkEFT":
        return DarkEFT(values["species"], values["mass"], _named(values, "coefficients"))
    if kind == "InvisibleBoson":
        return InvisibleBoson(values["spin"], values["mass"], _named(values, "couplings"), values.get("width", 0.0))
    if kind == "NeutrinoWET":
        return NeutrinoWET(**values)
    if values["model"] not in MODELS:
        raise unknown("model", values["model"], MODELS)
    return MODELS[values["model"]].from_mapping(_named(values, "parameters"))


def _named(values: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """values[key] (empty if absent), which must be a mapping name: value."""
    value = values.get(key, {})
    if not isinstance(value, Mapping):
        raise DarkflavError(f"{key} must be a mapping name: value, got {value!r}")
    return value


def substitute(theory: dict[str, Any], values: Mapping[str, ArrayLike]) -> dict[str, Any]:
    """A theory template (of a scan or fit file) with parameter names replaced by their values or arrays wherever a
    number goes (not in LABELS such as type and species), a name with a factor ('0.2*y') by that multiple, so that
    couplings can move together along a direction; `read_theory` builds it."""

    def put(value: object) -> Any:
        if isinstance(value, str):
            factor, name = _scaled_name(value)
            if name not in values:
                raise DarkflavError(f"the theory names the parameter {name!r}, which is not among the free "
                                    f"parameters ({', '.join(values) or 'none'})")
            return values[name] if factor is None else factor * np.asarray(values[name])
        if isinstance(value, dict):
            return {k: put(v) for k, v in value.items()}
        if isinstance(value, list):
            return [put(v) for v in value]
        return value

    return {key: value if key in LABELS else put(value) for key, value in theory.items()}


def _scaled_name(text: str) -> tuple[float | None, str]:
    """(factor, name) of a template entry 'name' or 'factor*name' (factor a number)."""
    factor, star, name = text.partition("*")
    if not star:
        return None, text.strip()
    try:
        return float(factor), name.strip()
    except ValueError:
        raise DarkflavError(f"{text!r}: a template entry is a parameter name or NUMBER*NAME, e.g. '0.2*y'") from None
