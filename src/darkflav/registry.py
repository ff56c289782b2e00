"""The observable registry: names (flavio-like) → vectorised predictions and uncertainties. Physics-free: the
registrations live in `darkflav.observables`, one module per sector, beside the rates they call.

    >>> import darkflav
    >>> darkflav.predict("BR(B+->K+ nu nu)", darkflav.NeutrinoWET(C_R={"tautau": -15.4}))
    >>> darkflav.uncertainty("R_K*(nu nu)", theory)

Each observable declares the theory containers it reads (`reads`, in the order its function takes them) and the
Standard-Model container of each that a theory may lack (`standard_model`). A theory is one container, a UV model
(anything with `match`, matched here), or a list of these; `predict` hands the function, for each type it reads,
the one container of that type (its SM where absent) or, for additive types (several species of invisible
particles), the tuple of all of them. Every prediction broadcasts over the theory's coefficient arrays and over
array-valued parameters.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, TypeAlias

import numpy as np

from .arrays import ArrayLike, RealArray
from .eft.protocol import Coefficients
from .errors import DarkflavError, UnphysicalWarning, finite_array, unknown, whole_number
from .notebook import table_html
from .parameters import Parameters

#: a theory as `predict` takes it: a coefficient container (eft/protocol.py), a UV model (anything with `match`), a
#: list of these, or None for the SM. Any: containers and models share no base class (they follow protocols)
Theory: TypeAlias = Any


@dataclass(frozen=True)
class Observable:
    """A named prediction: function(*theories, params, **arguments) → array, with one theory argument per type in
    `reads` (a tuple of containers for additive types)."""

    name: str
    function: Callable[..., Any]
    sector: str
    description: str
    reads: tuple[type, ...]
    standard_model: Mapping[Any, object] = field(default_factory=dict)
    arguments: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    unit: str = "1"
    aliases: tuple[str, ...] = ()
    hint: str = ""  # appended to the error for a theory it cannot read
    sampled: bool = True  # uncertainty by sampling the inputs (False: a Monte Carlo cross section)


REGISTRY: dict[str, Observable] = {}
#: the most input samples of one uncertainty (400 by default; 10⁵ samples of a 10⁴-point theory fill ~8 GB)
MAX_SAMPLES = 100_000
ALIASES: dict[str, str] = {}


def register(obs: Observable) -> None:
    REGISTRY[obs.name] = obs
    for alias in obs.aliases:
        ALIASES[alias] = obs.name


def get(name: str) -> Observable:
    """The observable of that name (or flavio alias), else DarkflavError with a suggestion."""
    if not isinstance(name, str):
        raise DarkflavError(f"an observable is named by a string such as 'BR(B+->K+ nu nu)', got "
                            f"{type(name).__name__} {name!r:.60}")
    name = ALIASES.get(name, name)
    if name not in REGISTRY:
        raise unknown("observable", name, list(REGISTRY) + list(ALIASES))
    return REGISTRY[name]


def observables() -> list[Observable]:
    """All registered observables."""
    return list(REGISTRY.values())


def low_energy(theory: Theory, params: Parameters | None = None) -> Theory:
    """The effective theories an input stands for: a UV model (anything with `match`) is matched and a
    dataclass of theories (LeptoquarkEFT, ZprimeEFT, VLQEFT) becomes the list of its fields; others pass unchanged."""
    if callable(getattr(theory, "match", None)):
        theory = theory.match(params or Parameters.default())
    if is_dataclass(theory) and not isinstance(theory, type):
        return [getattr(theory, f.name) for f in fields(theory)]
    return theory


def _parameters(params: object) -> Parameters:
    """`params`, or the defaults for None; DarkflavError for anything but a Parameters."""
    if params is None:
        return Parameters.default()
    if not isinstance(params, Parameters):
        raise DarkflavError("params must be a darkflav Parameters, e.g. Parameters.default().replace({'V_cb': 0.041}); "
                            f"got {type(params).__name__}")
    return params


def _names(types: tuple[type, ...]) -> str:
    return " and ".join(t.__name__ for t in types)


def _parts(theory: Theory, params: Parameters, reads: tuple[type, ...] = ()) -> list[Any]:
    """The coefficient containers a theory stands for: a container, a UV model (matched) or a list of these;
    DarkflavError for anything else, so that junk is never read as the SM. A UV model of a type in `reads` (an
    observable of the model itself, such as its LHC signal) is kept unmatched."""
    out = []
    for item in theory if isinstance(theory, (list, tuple)) else [theory]:
        if isinstance(item, reads):
            out.append(item)
            continue
        matched = low_energy(item, params)
        for part in matched if isinstance(matched, (list, tuple)) else [matched]:
            if part is None:
                continue
            if not isinstance(part, Coefficients):
                raise DarkflavError("a theory is a coefficient container (NeutrinoWET, DarkEFT, …), a UV model or a "
                                    f"list of these; got {type(part).__name__} {part!r:.60}")
            out.append(part)
    return out


def resolve(obs: Observable, theory: Theory, params: Parameters) -> tuple[Any, ...]:
    """The arguments of `obs.function` for a theory: per type read, one container (its SM where absent) or the
    tuple of the additive ones. One container given alone must be of a type `obs` reads and of its quark sector;
    in a list or a matched UV model, other parts and parts of another sector are skipped."""
    matched = theory if isinstance(theory, obs.reads) else low_energy(theory, params)
    parts = _parts(matched, params, obs.reads)
    if theory is not None and matched is theory and not isinstance(theory, (list, tuple)):  # one container
        if not isinstance(theory, obs.reads):
            sm = " (or None for the SM)" if obs.standard_model else " (or a list of them)"
            raise DarkflavError(f"{obs.name} is predicted for {_names(obs.reads)} theories{sm}; "
                                f"got {type(theory).__name__}{obs.hint}")
        sector = getattr(theory, "sector", None)
        if sector not in (None, obs.sector):
            raise DarkflavError(f"{obs.name} needs a {type(theory).__name__} of sector {obs.sector!r}; the theory "
                                f"given has sector {sector!r}")
    kept = [p for p in parts if isinstance(p, obs.reads) and getattr(p, "sector", None) in (None, obs.sector)]
    arguments: list[Any] = []
    for kind in obs.reads:
        mine = [p for p in kept if isinstance(p, kind)]
        if getattr(kind, "additive", False):
            arguments.append(tuple(mine))
        elif len(mine) > 1:
            raise DarkflavError(f"{obs.name}: give at most one {kind.__name__} (add coefficients instead)")
        elif mine:
            arguments.append(mine[0])
        elif kind in obs.standard_model:
            arguments.append(obs.standard_model[kind])
        else:
            raise DarkflavError(f"{obs.name} is predicted for a {kind.__name__}; got "
                                f"{[type(p).__name__ for p in parts] or None}{obs.hint}")
    if all(isinstance(a, tuple) and not a for a in arguments):
        raise DarkflavError(f"{obs.name} is predicted for a {_names(obs.reads)} (or a list of them); got "
                            f"{[type(p).__name__ for p in parts] or None}{obs.hint}")
    return tuple(arguments)


def _check_arguments(obs: Observable, args: dict[str, ArrayLike]) -> dict[str, RealArray]:
    missing = [a for a in obs.arguments if a not in args]
    extra = [a for a in args if a not in obs.arguments + obs.optional]
    if missing or extra:
        allowed = ", ".join(obs.arguments + obs.optional) or "none"
        what = f"missing {missing}" if missing else f"unexpected {extra}"
        raise DarkflavError(f"{obs.name}: {what} argument(s); arguments allowed: {allowed}")
    return {k: finite_array(k, v) for k, v in args.items()}


def predict(name: str, theory: Theory = None, params: Parameters | None = None,
            **arguments: ArrayLike) -> RealArray:
    """Central prediction of observable `name` for `theory` (None: the SM), as an array.

    The shape is the broadcast shape of the theory's coefficients and of array parameters, with a
    trailing axis for an array q2.
    """
    obs = get(name)
    params = _parameters(params)
    theories = resolve(obs, theory, params)
    checked = _check_arguments(obs, arguments)
    value = np.asarray(obs.function(*theories, params, **checked), dtype=float)
    if obs.name.startswith("BR") and np.any(value > 1):
        warnings.warn(f"{obs.name} > 1 at {int(np.sum(value > 1))} of {value.size} points: the coefficients are beyond "
                      "the range where the effective theory (and a branching ratio) makes sense", UnphysicalWarning,
                      stacklevel=2)
    return value


def predict_samples(name: str, theory: Theory = None, params: Parameters | None = None, n_samples: int = 400,
                    seed: int | None = 1, **arguments: ArrayLike) -> RealArray:
    """Predictions for `n_samples` draws of the inputs (correlated form factors, CKM, …).

    Leading axis: the samples. Inputs replaced in `params` stay fixed.
    """
    obs = get(name)
    params = _parameters(params)
    whole_number("n_samples", n_samples, 2, MAX_SAMPLES)
    if not obs.sampled:
        raise DarkflavError(f"{obs.name} is a Monte Carlo cross section: its uncertainty is the scale envelope and "
                            "the Monte Carlo error (darkflav monojet, darkflav.collider), not input sampling")
    theories = resolve(obs, theory, params)
    checked = _check_arguments(obs, arguments)
    containers = [t for a in theories for t in (a if isinstance(a, tuple) else (a,))]
    # the samples lead; the theory's axes and those of inputs the user replaced by arrays follow
    ndim = max([len(t.shape) for t in containers] + [np.ndim(v) for v in params.values()])
    samples = params.sample(n_samples, seed, shape_suffix=(1,) * ndim)
    return np.asarray(obs.function(*theories, samples, **checked), dtype=float)


def uncertainty(name: str, theory: Theory = None, params: Parameters | None = None, n_samples: int = 400,
                seed: int | None = 1, **arguments: ArrayLike) -> RealArray:
    """1σ uncertainty (standard deviation over sampled inputs), with the shape of `predict`."""
    return np.std(predict_samples(name, theory, params, n_samples, seed, **arguments), axis=0)


@dataclass(frozen=True)
class Predictions:
    """Central predictions and their 1σ uncertainties from sampled inputs (`predictions`; None where an observable is
    not sampled, e.g. a Monte Carlo cross section), with units; an HTML table in a notebook."""

    values: dict[str, RealArray]
    errors: dict[str, RealArray | None]
    units: dict[str, str]

    def _repr_html_(self) -> str:
        return table_html("predictions (±1σ from the sampled inputs)", ["observable", "prediction", "±1σ", "unit"],
                          [[n, v, "—" if self.errors[n] is None else self.errors[n], self.units[n]]
                           for n, v in self.values.items()])


def predictions(names: str | list[str], theory: Theory = None, params: Parameters | None = None,
                n_samples: int = 400, seed: int | None = 1, **arguments: ArrayLike) -> Predictions:
    """`predict` and `uncertainty` of one or several observables for one theory, as a Predictions table."""
    names = [names] if isinstance(names, str) else list(names)
    values, errors, units = {}, {}, {}
    for name in names:
        obs = get(name)
        values[name] = predict(name, theory, params, **arguments)
        errors[name] = uncertainty(name, theory, params, n_samples, seed, **arguments) if obs.sampled else None
        units[name] = obs.unit
    return Predictions(values, errors, units)
