"""The neutrino effective theory of b → s νν̄ and s → d νν̄.

L = N Σ_ij [C_L^ij O_L^ij + C_R^ij O_R^ij + C′_L^ij O′_L^ij + C′_R^ij O′_R^ij] + h.c., H_eff = −L,
N = (4G_F/√2) λ_t α/(4π), O_{L(R)}^ij = (s̄ γ^μ P_{L(R)} b)(ν̄_i γ_μ (1 − γ₅) ν_j), primed with (1 + γ₅)
(right-handed neutrinos); λ_t = V_tb V*_ts (sector 'sb') or V_td V*_ts (sector 'sd').
Buras, Girrbach-Noe, Niehoff, Straub, arXiv:1409.4557, eq. (2.1); the flavio WCxf basis.
The coefficients are the new-physics parts; the SM C_L^ii = −X_t/s²_W is added by the observables.
α is α(M_Z), so α·C is scale independent (QED running of α only); a WCxf file at scale μ, whose
normalisation has e²(μ), is converted with α(μ)/α(M_Z) (see docs/conventions.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import wilson
from wilson import wcxf

from ..arrays import ComplexArray, NamedOrArray
from ..ckm import lambda_q
from ..data import package_data, parse_yaml, read_text
from ..errors import DarkflavError, unknown
from ..notebook import TableRepr
from ..parameters import Parameters
from ..running import alpha_e
from .flavour import flavour_array

FLAVOURS = ("e", "mu", "tau")
PAIRS = {f"{a}{b}": (i, j) for (i, a), (j, b) in itertools.product(enumerate(FLAVOURS), repeat=2)}
FIELDS = ("C_L", "C_R", "C_L_prime", "C_R_prime")
SECTORS = {"sb": ("sbnunu", "bs"), "sd": ("sdnunu", "sd")}
_WCXF_PREFIX = {"C_L": "CL", "C_R": "CR", "C_L_prime": "CLp", "C_R_prime": "CRp"}
_BASIS_FILE = Path(__file__).parent / "data" / "darkflav_wet.basis.yml"


def _register_basis() -> None:
    """Make the 'darkflav' WET basis (with ν_R operators) known to wilson's WCxf registry."""
    if ("WET", "darkflav") not in wcxf.Basis.instances:
        with open(_BASIS_FILE) as stream:
            wcxf.Basis.load(stream)


def _wcxf_name(field: str, sector: str, i: int, j: int) -> str:
    """WCxf name of C^{ij} (ν̄_i … ν_j): flavio's CL_bsnu{a}nu{b} multiplies ν̄_b … ν_a."""
    return f"{_WCXF_PREFIX[field]}_{SECTORS[sector][1]}nu{FLAVOURS[j]}nu{FLAVOURS[i]}"


def normalisation(params: Parameters | None = None, sector: str = "sb") -> ComplexArray:
    """N = (4G_F/√2) λ_t α/(4π) (complex, GeV⁻²) of the effective Lagrangian above (arXiv:1409.4557 eq. 2.1):
    a tree-level L_eff = K (s̄γ^μP_Lb)(ν̄_iγ_μP_Lν_j) is C_L^ij = K/(2N). Also the normalisation of C9, C10."""
    params = params or Parameters.default()
    if sector not in SECTORS:
        raise unknown("sector", sector, SECTORS)
    lam = lambda_q("t", "s", "b", params) if sector == "sb" else lambda_q("t", "s", "d", params)
    return 4 * params["G_F"] / np.sqrt(2) * lam * params["alpha_e"] / (4 * np.pi)


class NeutrinoWET(TableRepr):
    """New-physics coefficients of the neutrino effective theory, arrays of shape (..., 3, 3).

    Each of C_L, C_R, C_L_prime, C_R_prime is a complex matrix in neutrino flavour (index [i, j]
    for ν̄_i … ν_j, flavours e, μ, τ), or a dict of flavour pairs such as {"tautau": -15, "mutau": 2}.
    Leading axes broadcast, so one object may hold a million coefficient points.

    >>> NeutrinoWET(C_R={"tautau": -15.4})
    >>> NeutrinoWET(C_L=np.random.normal(size=(1000, 3, 3)), sector="sb")
    """

    additive = False  # one per theory (the container protocol, eft/protocol.py)

    def __init__(self, C_L: NamedOrArray | None = None, C_R: NamedOrArray | None = None,
                 C_L_prime: NamedOrArray | None = None, C_R_prime: NamedOrArray | None = None,
                 sector: str = "sb") -> None:
        if sector not in SECTORS:
            raise unknown("sector", sector, SECTORS)
        self.sector = sector
        given = dict(zip(FIELDS, (C_L, C_R, C_L_prime, C_R_prime), strict=True))
        self._c = {f: self._matrix(f, v) for f, v in given.items() if v is not None}
        try:
            self.shape = np.broadcast_shapes(*(c.shape[:-2] for c in self._c.values()))
        except ValueError:
            shapes = {f: c.shape for f, c in self._c.items()}
            raise DarkflavError(f"coefficient arrays do not broadcast together: {shapes}") from None

    @staticmethod
    def _matrix(field: str, value: NamedOrArray) -> ComplexArray:
        return flavour_array(field, value, PAIRS, (3, 3), "neutrino flavours (e, mu, tau) × (e, mu, tau)")

    def __repr__(self) -> str:
        nonzero = [f for f, c in self._c.items() if np.any(c != 0)]
        return f"NeutrinoWET(sector={self.sector!r}, shape={self.shape}, non-zero={nonzero})"

    def coefficient(self, field: str) -> np.ndarray | None:
        """The (..., 3, 3) array of `field`, or None where it was not given (zero)."""
        if field not in FIELDS:
            raise unknown("coefficient", field, FIELDS)
        return self._c.get(field)

    def named_coefficients(self) -> dict[str, np.ndarray]:
        """{'C_R^tautau': …} for every given field and neutrino-flavour pair (the container protocol)."""
        return {f"{field}^{pair}": c[..., i, j] for field, c in self._c.items() for pair, (i, j) in PAIRS.items()}

    # --- WCxf --------------------------------------------------------------------------------
    @classmethod
    def from_wcxf(cls, source: object, sector: str = "sb", params: Parameters | None = None) -> NeutrinoWET:
        """Read a WCxf file (path, YAML/JSON text stream, dict or wcxf.WC) of the WET.

        Bases other than 'flavio' and 'darkflav' are translated by `wilson`. Coefficients at scale
        μ are rescaled by α(μ)/α(M_Z) into darkflav's normalisation.
        """
        _register_basis()
        params = params or Parameters.default()
        wc = _load_wc(source)
        if wc.eft != "WET":
            raise DarkflavError(f"WCxf file has eft {wc.eft!r}; darkflav reads the EFT 'WET'")
        if sector not in SECTORS:
            raise unknown("sector", sector, SECTORS)
        values = wc.dict
        if wc.basis not in ("flavio", "darkflav"):
            w = wilson.Wilson.from_wc(wc)
            values = w.match_run(wc.scale, "WET", "flavio", sectors=(SECTORS[sector][0],)).dict
        known = {_wcxf_name(f, sector, i, j) for f in FIELDS for i in range(3) for j in range(3)}
        other_sector = {_wcxf_name(f, s, i, j) for s in SECTORS if s != sector
                        for f in FIELDS for i in range(3) for j in range(3)}
        foreign = [k for k in values if k not in known and k not in other_sector]
        if foreign and wc.basis == "darkflav":
            raise unknown("coefficient of the darkflav basis", foreign[0], known)
        scale_factor = float(alpha_e(wc.scale, params) / params["alpha_e"])
        fields = {}
        for f in FIELDS:
            m = np.zeros((3, 3), dtype=complex)
            for i, j in itertools.product(range(3), repeat=2):
                m[i, j] = complex(values.get(_wcxf_name(f, sector, i, j), 0.0)) * scale_factor
            if np.any(m != 0):
                fields[f] = m
        return cls(**fields, sector=sector)

    def to_wcxf(self, scale: float = 91.1876, params: Parameters | None = None) -> dict[str, Any]:
        """WCxf dictionary at `scale` (basis 'flavio', or 'darkflav' if ν_R coefficients are set)."""
        if self.shape != ():
            raise DarkflavError("to_wcxf needs a single coefficient point; "
                                f"this theory has shape {self.shape}")
        _register_basis()
        params = params or Parameters.default()
        factor = float(params["alpha_e"] / alpha_e(scale, params))
        primed = any(f in self._c for f in ("C_L_prime", "C_R_prime"))
        values = {}
        for f, m in self._c.items():
            for i, j in itertools.product(range(3), repeat=2):
                v = complex(m[i, j]) * factor
                if v != 0:
                    values[_wcxf_name(f, self.sector, i, j)] = {"Re": v.real, "Im": v.imag}
        return {"eft": "WET", "basis": "darkflav" if primed else "flavio", "scale": float(scale),
                "values": values}


def _load_wc(source: object) -> Any:  # a wcxf.WC (wilson has no type information)
    if isinstance(source, wcxf.WC):
        return source
    if isinstance(source, Mapping):
        data = dict(source)
    elif isinstance(source, (str, Path)):
        data = parse_yaml(read_text(source, "WCxf file"), f"WCxf file {str(source)!r}")
    elif hasattr(source, "read"):
        data = parse_yaml(source.read(), "WCxf input")
    else:
        raise DarkflavError(f"WCxf input must be a file path, a mapping or a wcxf.WC, got {type(source).__name__}")
    if not isinstance(data, Mapping):
        raise DarkflavError("WCxf data must be a mapping with the keys eft, basis, scale, values; "
                            f"got {type(data).__name__}")
    missing = {"eft", "basis", "scale", "values"} - set(data or {})
    if missing:
        raise DarkflavError(f"WCxf data lacks the keys {sorted(missing)}; a WCxf file has eft, basis, "
                            "scale and values")
    if not isinstance(data["values"], Mapping):
        raise DarkflavError(f"WCxf values must be a mapping name: value, got {type(data['values']).__name__} "
                            f"{data['values']!r:.60}")
    try:
        wc = wcxf.WC(**{k: data[k] for k in ("eft", "basis", "scale", "values")})
        wc.validate()
    except (AssertionError, KeyError, ValueError) as exc:
        raise DarkflavError(f"invalid WCxf coefficients: {exc}") from exc
    return wc


def benchmark_points() -> dict[str, tuple[str, NeutrinoWET]]:
    """Named benchmark points {name: (description, NeutrinoWET)} from data/benchmarks_nunu.yaml."""
    data = package_data(__package__, "benchmarks_nunu.yaml")
    return {name: (" ".join(p["description"].split()),
                   NeutrinoWET(**p["coefficients"], sector=p["sector"]))
            for name, p in data.items()}


