"""The charged-lepton effective theory: b → s ℓ_i⁻ ℓ_j⁺ and b → c τ ν̄_j.

b → s ℓℓ′ (the flavio WET basis, arXiv:1602.00881 eq. (1) extended to all flavour pairs):

    L = N Σ_ij [ C9^ij (s̄γ^μP_L b)(ℓ̄_iγ_μℓ_j) + C10^ij (s̄γ^μP_L b)(ℓ̄_iγ_μγ₅ℓ_j)
               + C9′^ij (s̄γ^μP_R b)(ℓ̄_iγ_μℓ_j) + C10′^ij (s̄γ^μP_R b)(ℓ̄_iγ_μγ₅ℓ_j) ] + h.c.,

with N = (4G_F/√2) λ_t α/(4π) exactly as in `NeutrinoWET` (α = α(M_Z), λ_t = V_tb V*_ts), new physics
only: the SM C9, C10 (`C9_SM`, `C10_SM` in the parameters) are added by the observables of
flavour-diagonal modes. C[..., i, j] multiplies ℓ̄_i … ℓ_j (flavours e, μ, τ): in b → s it creates
ℓ_i⁻ ℓ_j⁺ (B̄ → K̄ ℓ_i⁻ ℓ_j⁺; the CP-conjugate mode has the same rate).

b → c τ ν̄_j (flavio basis, sector cbtaunu; arXiv:1811.09603 eq. (1)):

    L = −(4G_F/√2) V_cb Σ_j [ (δ_jτ + C_VL^j)(c̄γ^μP_L b)(τ̄γ_μP_Lν_j) + C_SL^j (c̄P_L b)(τ̄P_Lν_j)
                             + C_SR^j (c̄P_R b)(τ̄P_Lν_j) + C_T^j (c̄σ^{μν}P_L b)(τ̄σ_μνP_Lν_j) ] + h.c.,

each a (..., 3) array over the neutrino flavour j (new physics only, δ_jτ is the SM).
"""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import wilson

from ..arrays import ComplexArray, NamedOrArray
from ..errors import DarkflavError, unknown
from ..notebook import TableRepr
from ..parameters import Parameters
from ..running import alpha_e
from .flavour import flavour_array
from .neutrino import FLAVOURS, PAIRS, _load_wc

SB_FIELDS = ("C9", "C10", "C9_prime", "C10_prime")
BC_FIELDS = ("C_VL", "C_SL", "C_SR", "C_T")
FIELDS = SB_FIELDS + BC_FIELDS
_WCXF_PREFIX = {"C9": "C9", "C10": "C10", "C9_prime": "C9p", "C10_prime": "C10p",
                "C_VL": "CVL", "C_SL": "CSL", "C_SR": "CSR", "C_T": "CT"}
_SB_SECTORS = ("sb", "sbee", "sbmumu", "sbtautau", "sbemu", "sbmue", "sbetau", "sbtaue", "sbmutau", "sbtaumu")


def wcxf_name(field: str, i: int, j: int | None = None) -> str:
    """flavio WCxf name: C^{ij} (ℓ̄_i … ℓ_j) ↔ C9_bs{j}{i} (flavio's C9_bsemu multiplies μ̄ … e);
    b → c τ ν̄_j: CVL_bctaunu{j}."""
    if field in BC_FIELDS:
        return f"{_WCXF_PREFIX[field]}_bctaunu{FLAVOURS[i]}"
    assert j is not None, f"{field} is a matrix in lepton flavour: give both indices"
    return f"{_WCXF_PREFIX[field]}_bs{FLAVOURS[j]}{FLAVOURS[i]}"


class ChargedLeptonWET(TableRepr):
    """New-physics coefficients of b → s ℓℓ′ ((..., 3, 3) in lepton flavour) and b → c τ ν̄
    ((..., 3) in neutrino flavour); see the module docstring for the Lagrangian.

    Each argument is an array or a dict: {"mutau": 2.0} for the matrices, {"tau": 0.1} for the
    b → c τ ν̄_j vectors. Leading axes broadcast.

    >>> ChargedLeptonWET(C9={"mumu": -1.0}, C10={"tautau": 50.0})
    >>> ChargedLeptonWET(C_VL={"tau": 0.05})
    """

    sector = None  # b → s ℓℓ′ and b → c τ ν̄: read by observables of either sector
    additive = False

    def __init__(self, C9: NamedOrArray | None = None, C10: NamedOrArray | None = None,
                 C9_prime: NamedOrArray | None = None, C10_prime: NamedOrArray | None = None,
                 C_VL: NamedOrArray | None = None, C_SL: NamedOrArray | None = None,
                 C_SR: NamedOrArray | None = None, C_T: NamedOrArray | None = None) -> None:
        given = dict(zip(FIELDS, (C9, C10, C9_prime, C10_prime, C_VL, C_SL, C_SR, C_T), strict=True))
        self._c = {f: _coefficients(f, v) for f, v in given.items() if v is not None}
        try:
            self.shape = np.broadcast_shapes(*(c.shape[:-2] if f in SB_FIELDS else c.shape[:-1]
                                               for f, c in self._c.items()))
        except ValueError:
            shapes = {f: c.shape for f, c in self._c.items()}
            raise DarkflavError(f"coefficient arrays do not broadcast together: {shapes}") from None

    def __repr__(self) -> str:
        nonzero = [f for f, c in self._c.items() if np.any(c != 0)]
        return f"ChargedLeptonWET(shape={self.shape}, non-zero={nonzero})"

    def coefficient(self, field: str) -> np.ndarray | None:
        """The array of `field` ((..., 3, 3) or (..., 3)), or None where it was not given (zero)."""
        if field not in FIELDS:
            raise unknown("coefficient", field, FIELDS)
        return self._c.get(field)

    def pair(self, field: str, i: int, j: int) -> ComplexArray | float:
        """C^{ij} of a b → s ℓℓ′ field over the leading axes (0 where not given)."""
        c = self.coefficient(field)
        return 0.0 if c is None else c[..., i, j]

    def named_coefficients(self) -> dict[str, np.ndarray]:
        """{'C9^mumu': …, 'C_VL^tau': …} for every given field (the container protocol)."""
        out = {}
        for field, c in self._c.items():
            if field in BC_FIELDS:
                out.update({f"{field}^{f}": c[..., k] for k, f in enumerate(FLAVOURS)})
            else:
                out.update({f"{field}^{pair}": c[..., i, j] for pair, (i, j) in PAIRS.items()})
        return out

    # --- WCxf --------------------------------------------------------------------------------
    @classmethod
    def from_wcxf(cls, source: object, params: Parameters | None = None) -> ChargedLeptonWET:
        """Read a WCxf file (path, stream, dict or wcxf.WC) of the WET; bases other than 'flavio'
        are translated by `wilson` at the file's scale. b → s ℓℓ′ coefficients at scale μ are
        rescaled by α(μ)/α(M_Z) (as `NeutrinoWET.from_wcxf`); b → c τ ν̄ ones are taken as given."""
        params = params or Parameters.default()
        wc = _load_wc(source)
        if wc.eft != "WET":
            raise DarkflavError(f"WCxf file has eft {wc.eft!r}; darkflav reads the EFT 'WET'")
        values = wc.dict
        if wc.basis != "flavio":
            values = wilson.Wilson.from_wc(wc).match_run(
                wc.scale, "WET", "flavio", sectors=_SB_SECTORS + ("cbtaunu",)).dict
        scale_factor = float(alpha_e(wc.scale, params) / params["alpha_e"])
        fields = {}
        for f in FIELDS:
            if f in SB_FIELDS:
                m = np.zeros((3, 3), dtype=complex)
                for i, j in itertools.product(range(3), repeat=2):
                    m[i, j] = complex(values.get(wcxf_name(f, i, j), 0.0)) * scale_factor
            else:
                m = np.array([complex(values.get(wcxf_name(f, j), 0.0)) for j in range(3)])
            if np.any(m != 0):
                fields[f] = m
        return cls(**fields)

    def to_wcxf(self, scale: float = 4.8, params: Parameters | None = None) -> dict[str, Any]:
        """WCxf dictionary (basis 'flavio') at `scale` for a single coefficient point."""
        if self.shape != ():
            raise DarkflavError(f"to_wcxf needs a single coefficient point; this theory has shape {self.shape}")
        params = params or Parameters.default()
        factor = float(params["alpha_e"] / alpha_e(scale, params))
        values = {}
        for f, m in self._c.items():
            entries = (((i, j), wcxf_name(f, i, j)) for i, j in itertools.product(range(3), repeat=2)) \
                if f in SB_FIELDS else (((j,), wcxf_name(f, j)) for j in range(3))
            for index, name in entries:
                v = complex(m[index]) * (factor if f in SB_FIELDS else 1.0)
                if v != 0:
                    values[name] = {"Re": v.real, "Im": v.imag}
        return {"eft": "WET", "basis": "flavio", "scale": float(scale), "values": values}


def _coefficients(field: str, value: NamedOrArray) -> ComplexArray:
    """(..., 3, 3) matrix (b → s ℓℓ′) or (..., 3) vector (b → c τ ν̄_j) from an array or a dict."""
    if field in SB_FIELDS:
        return flavour_array(field, value, PAIRS, (3, 3), "lepton flavours (e, mu, tau) × (e, mu, tau)")
    neutrinos = {f: (j,) for j, f in enumerate(FLAVOURS)}
    return flavour_array(field, value, neutrinos, (3,), "neutrino flavours (e, mu, tau)", "neutrino flavour")
