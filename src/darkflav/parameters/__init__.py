"""Physical inputs as data: an immutable `Parameters` mapping with uncertainties and overrides.

Every number comes from a YAML file with value, uncertainty, unit and source: `data/inputs.yaml` beside
this module (constants, masses, lifetimes, CKM, couplings) and the form-factor files of
`darkflav.hadronic` (correlated coefficient sets with their covariance matrices).
Values may be replaced by arrays: every observable broadcasts over them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

import numpy as np

from ..arrays import ArrayLike, NDArray
from ..data import package_data
from ..errors import MAX_SEED, DarkflavError, finite_array, unknown, whole_number

T = TypeVar("T")

#: Model choices and their allowed values (the first is the default).
CHOICES = {
    "B->K form factors": ("HPQCD2022", "GRvDV2023"),
    "B->K* form factors": ("BSZ2015",),
}
DEFAULT_CHOICES = {k: v[0] for k, v in CHOICES.items()}

_FORMFACTOR_FILES = (
    "b_to_k_hpqcd2022.yaml",
    "b_to_k_grvdv2023.yaml",
    "b_to_kstar_bsz2015.yaml",
    "bs_to_phi_grvdv2023.yaml",
    "k_to_pi.yaml",
)


def _bound(text: str) -> float:
    """A bound of a domain: a number, 'inf' or 'pi', with an optional minus sign."""
    magnitude = text.strip().lstrip("-")
    return (-1.0 if text.strip().startswith("-") else 1.0) * (np.pi if magnitude == "pi" else float(magnitude))


#: array inputs with at most this many distinct values go through scalar-only computations (RunDec running) once per
#: value; more (the samples of an uncertainty, relative spread ≤ 10⁻³) at their mean, which moves ΔM_s by < 10⁻⁶
#: relative for m_b(m_b) varied by 5 %
EXACT_VALUES = 64


def per_value(function: Callable[..., Any], *inputs: ArrayLike) -> NDArray[Any]:
    """function(*floats) → float or tuple of floats, on broadcast arrays of inputs: once per distinct tuple of values
    (or at the means where there are more than EXACT_VALUES), shape of the inputs (+ a trailing axis for tuples)."""
    arrays = np.broadcast_arrays(*(np.asarray(x, float) for x in inputs))
    rows, inverse = np.unique(np.stack([a.ravel() for a in arrays], -1), axis=0, return_inverse=True)
    if len(rows) > EXACT_VALUES:
        value = np.asarray(function(*(float(np.mean(a)) for a in arrays)))
        return np.broadcast_to(value, arrays[0].shape + value.shape).copy()
    values = np.array([function(*row) for row in rows])
    return values[inverse.ravel()].reshape(arrays[0].shape + values.shape[1:])


def _check_ckm(values: Mapping[str, object]) -> None:
    """The standard parametrisation (PDG CKM review, eq. 12.3) needs s12 = |V_us|/c13 < 1 and s23 = |V_cb|/c13 < 1
    with c13² = 1 − |V_ub|², and δ follows from γ only where the unitarity triangle closes: k |sin γ| < 1 with
    k = s13 tan θ23 / tan θ12 (ckmutil.ckm.gamma_to_delta). Else DarkflavError."""
    us, cb, ub, gamma = (np.asarray(values[n], float) for n in ("V_us", "V_cb", "V_ub", "gamma"))
    for name, v in (("V_us", us), ("V_cb", cb)):
        if np.any(v**2 + ub**2 >= 1):
            raise DarkflavError(f"|{name}|² + |V_ub|² must be < 1 (unitarity of the CKM matrix), got {name} = "
                                f"{values[name]!r}, V_ub = {values['V_ub']!r}")
    s12, s23 = us / np.sqrt(1 - ub**2), cb / np.sqrt(1 - ub**2)
    k = ub * (s23 / np.sqrt(1 - s23**2)) / (s12 / np.sqrt(1 - s12**2))
    if np.any(k * np.abs(np.sin(gamma)) >= 1):
        raise DarkflavError(f"no CKM phase gives gamma = {values['gamma']!r} with V_us = {values['V_us']!r}, V_cb = "
                            f"{values['V_cb']!r}, V_ub = {values['V_ub']!r}: the unitarity triangle does not close "
                            "(|V_ub| tan θ23 |sin γ| / tan θ12 must be < 1)")


@dataclass(frozen=True)
class Entry:
    """One input: central value, 1σ uncertainty, unit, source, and the physical domain its values must lie in
    (an interval "(0, inf)", "(0, 1]", "(-pi, pi]": round brackets exclude the bound)."""

    name: str
    value: float
    uncertainty: float
    unit: str
    source: str
    description: str = ""
    domain: str = "(-inf, inf)"

    def outside(self, values: ArrayLike) -> NDArray[np.bool_]:
        """True where values lie outside the domain."""
        low, high = (_bound(b) for b in self.domain[1:-1].split(","))
        values = np.asarray(values, dtype=float)
        below = values <= low if self.domain[0] == "(" else values < low
        above = values >= high if self.domain[-1] == ")" else values > high
        return below | above


@dataclass(frozen=True)
class CorrelatedBlock:
    """Inputs with a joint Gaussian distribution (e.g. form-factor z-expansion coefficients)."""

    names: tuple[str, ...]
    central: np.ndarray
    covariance: np.ndarray

    @property
    def root(self) -> np.ndarray:
        """R with R Rᵀ = covariance; rounding-level negative eigenvalues of published
        (rank-deficient, e.g. T₁(0) = T₂(0)) covariances are set to zero."""
        values, vectors = np.linalg.eigh(self.covariance)
        return vectors * np.sqrt(np.clip(values, 0.0, None))


def _load_entries() -> tuple[dict[str, Entry], list[CorrelatedBlock]]:
    entries: dict[str, Entry] = {}
    for name, e in package_data(__package__, "inputs.yaml").items():
        entries[name] = Entry(name, float(e["value"]), float(e["uncertainty"]), str(e["unit"]),
                              e["source"], e.get("description", ""), e.get("domain", "(-inf, inf)"))
    blocks = []
    for fname in _FORMFACTOR_FILES:
        data = package_data("darkflav.hadronic", fname)
        prefix, pars = data["name"], data["parameters"]
        if "covariance" in pars:
            names = tuple(f"{prefix} {n}" for n in pars["names"])
            central = np.array(pars["central"], dtype=float)
            cov = np.array(pars["covariance"], dtype=float)
            sigma = np.sqrt(np.diag(cov))
            for n, v, s in zip(names, central, sigma, strict=True):
                entries[n] = Entry(n, float(v), float(s), pars["unit"],
                                   f"{data['reference']}; {pars['source']}")
            blocks.append(CorrelatedBlock(names, central, cov))
        else:
            for n, e in pars.items():
                full = f"{prefix} {n}"
                entries[full] = Entry(full, float(e["value"]), float(e["uncertainty"]),
                                      str(e["unit"]), e["source"])
    return entries, blocks


class Parameters(Mapping[str, Any]):
    """Immutable mapping name → value (float or array), with the metadata of every input.

    >>> p = Parameters.default()
    >>> p["m_B+"]
    5.27934
    >>> p2 = p.replace({"V_cb": 0.042})          # a new object; p is unchanged
    >>> p3 = p.replace({"X_t": [1.44, 1.46]})    # arrays broadcast through every observable
    """

    __slots__ = ("_values", "_entries", "_blocks", "_memo", "_choices")

    def __init__(self, values: Mapping[str, object], entries: Mapping[str, Entry],
                 blocks: tuple[CorrelatedBlock, ...], choices: Mapping[str, str] | None = None) -> None:
        self._values = dict(values)
        self._entries = entries
        self._blocks = blocks
        self._choices = dict(DEFAULT_CHOICES if choices is None else choices)
        self._memo: dict[object, Any] = {}

    @classmethod
    def default(cls) -> Parameters:
        """The package's default inputs (PDG 2022 and the form-factor fits named in the docs)."""
        return _default()

    # --- Mapping interface -------------------------------------------------------------------
    def __getitem__(self, name: str) -> Any:  # a float, or an array where replaced or sampled
        try:
            return self._values[name]
        except KeyError:
            raise unknown("parameter", name, self._values) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        changed = [n for n in self._values if self._values[n] is not _default_values().get(n)]
        return f"Parameters({len(self)} inputs, {len(changed)} changed from the defaults)"

    # --- metadata ----------------------------------------------------------------------------
    def entry(self, name: str) -> Entry:
        """Value, uncertainty, unit and source of the default input `name`."""
        if name not in self._entries:
            raise unknown("parameter", name, self._entries)
        return self._entries[name]

    @property
    def choices(self) -> dict[str, str]:
        """Model choices in force, e.g. {'B->K form factors': 'HPQCD2022', ...}."""
        return dict(self._choices)

    def choose(self, changes: Mapping[str, str]) -> Parameters:
        """A copy with other model choices, e.g. choose({'B->K form factors': 'GRvDV2023'})."""
        if not isinstance(changes, Mapping):
            raise DarkflavError(f"choices are a mapping {{choice: option}}, e.g. {{'B->K form factors': 'GRvDV2023'}}; "
                                f"got {type(changes).__name__} {changes!r:.60}")
        choices = dict(self._choices)
        for key, value in changes.items():
            if key not in CHOICES:
                raise unknown("model choice", key, CHOICES)
            if value not in CHOICES[key]:
                raise unknown(f"value of {key!r}", value, CHOICES[key])
            choices[key] = value
        return Parameters(self._values, self._entries, self._blocks, choices)

    # --- new objects -------------------------------------------------------------------------
    def replace(self, changes: Mapping[str, ArrayLike] | None = None, **kwargs: ArrayLike) -> Parameters:
        """A copy with some inputs replaced (numbers or arrays); names are checked."""
        changes = {**(changes or {}), **kwargs}
        values = dict(self._values)
        for name, value in changes.items():
            if name not in values:
                raise unknown("parameter", name, values)
            arr = finite_array(f"parameter {name!r}", value)
            entry = self._entries.get(name)
            if entry is not None and np.any(entry.outside(arr)):
                raise DarkflavError(f"parameter {name!r} = {value!r} is outside its physical domain {entry.domain}"
                                    + (f" {entry.unit}" if entry.unit != "1" else ""))
            values[name] = float(arr) if arr.ndim == 0 else arr
        if {"V_us", "V_cb", "V_ub", "gamma"} & set(changes):
            _check_ckm(values)
        return Parameters(values, self._entries, self._blocks, self._choices)

    def sample(self, n: int, seed: int | None = None, shape_suffix: tuple[int, ...] = ()) -> Parameters:
        """`n` random draws of every uncertain input (Gaussian; correlated blocks jointly).

        Inputs that were replaced by the user keep their replaced values. The sampled arrays have
        shape (n, *shape_suffix) with shape_suffix made of ones, so that they broadcast against
        coefficient arrays of that many dimensions.
        """
        n = whole_number("n", n, 1, np.inf)
        rng = np.random.default_rng(None if seed is None else whole_number("seed", seed, 0, MAX_SEED))
        shape = (n,) + tuple(shape_suffix)
        defaults = _default_values()
        values = dict(self._values)
        in_block: set[str] = set()
        for block in self._blocks:
            in_block.update(block.names)
            if any(values[k] is not defaults[k] for k in block.names):
                continue
            draws = block.central + rng.standard_normal((int(n), len(block.names))) @ block.root.T
            for i, name in enumerate(block.names):
                values[name] = draws[:, i].reshape(shape)
        for name, e in self._entries.items():
            if name in in_block or e.uncertainty == 0 or values[name] is not defaults[name]:
                continue
            values[name] = (e.value + e.uncertainty * rng.standard_normal(int(n))).reshape(shape)
        return Parameters(values, self._entries, self._blocks, self._choices)

    def __reduce__(self) -> tuple[Callable[..., Parameters], tuple[Any, ...]]:
        """Pickle (e.g. for Dask workers): the unchanged defaults travel as a reference to the
        worker's own default object, so its cached kernels are shared between tasks."""
        if self._choices == DEFAULT_CHOICES and all(
                self._values[k] is v for k, v in _default_values().items()):
            return (_default, ())
        return (Parameters, (self._values, self._entries, self._blocks, self._choices))

    def memo(self, key: object, compute: Callable[[], T]) -> T:
        """Cache `compute()` under `key` for the lifetime of this (immutable) object."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


@cache
def _default_entries() -> tuple[dict[str, Entry], tuple[CorrelatedBlock, ...]]:
    entries, blocks = _load_entries()
    return entries, tuple(blocks)


@cache
def _default_values() -> dict[str, Any]:
    entries, _ = _default_entries()
    return {n: e.value for n, e in entries.items()}


@cache
def _default() -> Parameters:
    entries, blocks = _default_entries()
    return Parameters(_default_values(), entries, blocks)


def default_parameters() -> Parameters:
    """Shorthand for `Parameters.default()`."""
    return Parameters.default()
