"""A heavy Z′ with a flavour-changing b–s coupling and couplings to neutrinos and charged leptons.

    L = Z′_μ [ g^L_sb (s̄γ^μP_Lb) + g^R_sb (s̄γ^μP_Rb) + h.c.
              + Σ_ij ( g^{νL}_ij ν̄_iγ^μP_Lν_j + g^{νR}_ij ν̄_iγ^μP_Rν_j
                       + g^{ℓL}_ij ℓ̄_iγ^μP_Lℓ_j + g^{ℓR}_ij ℓ̄_iγ^μP_Rℓ_j ) ]

(He, Valencia, PLB 821 (2021) 136607, arXiv:2108.05033, for the scenario of a Z′ coupled to SM and light
right-handed neutrinos; the lepton couplings are hermitian 3×3 matrices.) Integrating out the Z′ at tree level,
L_eff = −J_μJ^μ/(2M²) (EOM M²Z′ = −J), gives in darkflav's normalisation N (eft.neutrino.normalisation):

    C_X^ij = −g^X_sb g^{νL}_ij/(2M²N),   C′_X^ij = −g^X_sb g^{νR}_ij/(2M²N)                       (X = L, R)
    C9^ij = −g^L_sb (g^{ℓL} + g^{ℓR})_ij/(2M²N),   C10^ij = −g^L_sb (g^{ℓR} − g^{ℓL})_ij/(2M²N)  (primed: g^R_sb)

since ν̄γ^μP_Lν = ½ν̄γ^μ(1−γ₅)ν and ℓ̄γ^μ(g_L P_L + g_R P_R)ℓ = ½ℓ̄γ^μ[(g_L + g_R) + (g_R − g_L)γ₅]ℓ; and ΔB = 2,
H_eff = C^VLL (s̄γ^μP_Lb)² + C^VRR (s̄γ^μP_Rb)² + C^LR₁ (s̄γ^μP_Lb)(s̄γ_μP_Rb) with
C^VLL = (g^L_sb)²/(2M²), C^VRR = (g^R_sb)²/(2M²), C^LR₁ = g^L_sb g^R_sb/M² (derived here; docs/uv-models.md, "Z′";
tests/test_zprime.py checks the ΔB = 1 coefficients against the explicit tree amplitude).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..eft import ChargedLeptonWET
from ..eft.flavour import flavour_array
from ..eft.mixing import DeltaF2
from ..eft.neutrino import PAIRS, NeutrinoWET, normalisation
from ..errors import DarkflavError, finite_array
from ..notebook import TableRepr
from ..parameters import Parameters
from ..registry import predict

LEPTON_COUPLINGS = ("g_nu_L", "g_nu_R", "g_l_L", "g_l_R")


def _hermitian(name: str, value) -> np.ndarray:
    matrix = finite_array(name, value, complex)
    if matrix.ndim < 2 or matrix.shape[-2:] != (3, 3):
        raise DarkflavError(f"{name} must be a (..., 3, 3) matrix in lepton flavour (e, mu, tau); "
                            f"got shape {matrix.shape}")
    if not np.allclose(matrix, np.conj(np.swapaxes(matrix, -1, -2)), rtol=1e-12, atol=0):
        raise DarkflavError(f"{name} must be hermitian (g_ij = g_ji*) for a real Z′ field")
    return matrix


@dataclass(frozen=True)
class ZprimeEFT(TableRepr):
    """The low-energy theories of a Z′: b → sνν̄, b → sℓℓ′ and B_s mixing (at the scale M_Z′)."""

    neutrino: NeutrinoWET
    charged: ChargedLeptonWET
    mixing: DeltaF2


#: observables of the Z′ side constraints besides R_K, R_K*
SIDE_CONSTRAINTS = ("BR(Bs->tautau)", "BR(Bs->mumu)", "BR(Bs->mutau,taumu)", "C9_bsmumu", "C10_bsmumu")


class Zprime(TableRepr):
    """A Z′ of mass `mass` (GeV) with b–s couplings g_sb_L, g_sb_R (complex) and hermitian 3×3 lepton
    couplings g_nu_L, g_nu_R (ν_L, light ν_R), g_l_L, g_l_R (charged leptons); arrays broadcast over
    leading axes. `match()` gives the NeutrinoWET (sector sb), the ChargedLeptonWET and the B_s-mixing
    coefficients (ZprimeEFT)."""

    def __init__(self, mass, g_sb_L=0.0, g_sb_R=0.0, g_nu_L=None, g_nu_R=None, g_l_L=None, g_l_R=None):
        self.mass = finite_array("Z′ mass", mass)
        if np.any(self.mass <= 0):
            raise DarkflavError(f"Z′ mass = {mass} GeV must be > 0")
        self.g_sb = {"L": finite_array("g_sb_L", g_sb_L, complex), "R": finite_array("g_sb_R", g_sb_R, complex)}
        given = dict(zip(LEPTON_COUPLINGS, (g_nu_L, g_nu_R, g_l_L, g_l_R), strict=True))
        self.leptons = {k: _hermitian(k, v) for k, v in given.items() if v is not None}
        try:
            self.shape = np.broadcast_shapes(self.mass.shape, *(g.shape for g in self.g_sb.values()),
                                             *(g.shape[:-2] for g in self.leptons.values()))
        except ValueError:
            raise DarkflavError("Z′ mass and coupling arrays do not broadcast together") from None

    @classmethod
    def from_mapping(cls, mapping: Mapping) -> Zprime:
        """From {'mass': …, 'g_sb_L': …, 'g_nu_R': [[…]] or {'tautau': 1.0}, …} (YAML or CLI input)."""
        allowed = ("mass", "g_sb_L", "g_sb_R", *LEPTON_COUPLINGS)
        unknown_keys = [k for k in mapping if k not in allowed]
        if unknown_keys:
            raise DarkflavError(f"unknown Z′ parameter {unknown_keys[0]!r}; allowed: {', '.join(allowed)}")
        if "mass" not in mapping:
            raise DarkflavError("a Z′ needs its 'mass' (GeV)")
        values = dict(mapping)
        for key in LEPTON_COUPLINGS:
            if isinstance(values.get(key), Mapping):  # flavour pairs; the hermitian partner is filled in
                named = flavour_array(key, values[key], PAIRS, (3, 3), "lepton flavours (e, mu, tau) × (e, mu, tau)")
                given = np.zeros((3, 3), bool)
                for pair in values[key]:
                    given[PAIRS[pair]] = True
                values[key] = np.where(given, named, np.conj(np.swapaxes(named, -1, -2)))
        return cls(**values)

    def _factor(self, params) -> dict[str, np.ndarray]:
        """−g^X_sb/(2M²N) for X = L, R, with a trailing (1, 1) for the lepton-flavour matrix."""
        n = normalisation(params, "sb")
        return {x: (-g / (2 * self.mass**2 * n))[..., None, None] for x, g in self.g_sb.items()}

    def _lepton(self, name: str) -> np.ndarray:
        return self.leptons.get(name, np.zeros((3, 3)))

    def _neutrino(self, params) -> NeutrinoWET:
        """C_L, C_R (ν_L) and C′_L, C′_R (ν_R) of b → s νν̄."""
        f = self._factor(params)
        nu_l, nu_r = self._lepton("g_nu_L"), self._lepton("g_nu_R")
        return NeutrinoWET(C_L=f["L"] * nu_l, C_R=f["R"] * nu_l, C_L_prime=f["L"] * nu_r, C_R_prime=f["R"] * nu_r)

    def _charged(self, params) -> ChargedLeptonWET:
        """C9, C10, C9′, C10′ of b → s ℓ_i ℓ̄_j."""
        f = self._factor(params)
        vector = self._lepton("g_l_L") + self._lepton("g_l_R")
        axial = self._lepton("g_l_R") - self._lepton("g_l_L")
        return ChargedLeptonWET(C9=f["L"] * vector, C10=f["L"] * axial,
                                C9_prime=f["R"] * vector, C10_prime=f["R"] * axial)

    def _mixing(self) -> DeltaF2:
        """B_s mixing at μ = M_Z′ (meson_mixing runs it down)."""
        g_l, g_r, m2 = self.g_sb["L"], self.g_sb["R"], self.mass**2
        scale = float(np.max(self.mass))
        if not np.all(self.mass == scale):
            raise DarkflavError("B_s mixing of a Z′ scan runs from one scale: give a single Z′ mass")
        return DeltaF2("sb", {"VLL": g_l**2 / (2 * m2), "VRR": g_r**2 / (2 * m2), "LR1": g_l * g_r / m2}, scale)

    def match(self, params: Parameters | None = None) -> ZprimeEFT:
        params = params or Parameters.default()
        return ZprimeEFT(self._neutrino(params), self._charged(params), self._mixing())

    def side_constraints(self, params: Parameters | None = None) -> dict[str, np.ndarray]:
        """R_K, R_K* (νν̄), ΔM_s/ΔM_s^SM and the charged-lepton observables of SIDE_CONSTRAINTS."""
        params = params or Parameters.default()
        eft = self.match(params)
        out = {name: predict(name, eft.neutrino, params) for name in ("R_K(nu nu)", "R_K*(nu nu)")}
        out["DeltaM_s/DeltaM_s^SM"] = predict("DeltaM_s/DeltaM_s^SM", eft.mixing, params)
        out.update({name: predict(name, eft.charged, params) for name in SIDE_CONSTRAINTS})
        return out


#: this module's models by name (collected into darkflav.models.MODELS)
MODELS = {"Zprime": Zprime}
