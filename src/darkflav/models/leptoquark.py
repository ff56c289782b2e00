"""The five leptoquarks with tree-level b → sνν̄: S₀, S̃_{1/2}, S₁, V_{1/2}, V₁ (Buchmüller–Rückl–Wyler
names of the seed slides; Doršner, Fajfer, Greljo, Kamenik, Košnik arXiv:1603.04993 names S₁, R̃₂, S₃,
V₂, U₃). One mechanism, five rows of the matching table (docs/uv-models.md):

    S₀ = S₁ (3̄,1,1/3):   L ⊃ y_ij Q̄^c_i iτ₂ L_j S₁ + h.c.
    S̃_{1/2} = R̃₂ (3,2,1/6): L ⊃ −y_ij d̄_Ri R̃₂^T iτ₂ L_j + h.c.
    S₁ = S₃ (3̄,3,1/3):   L ⊃ y_ij Q̄^c_i iτ₂ (τ·S₃) L_j + h.c.
    V_{1/2} = V₂ (3̄,2,5/6): L ⊃ y_ij d̄^c_Ri γ^μ V₂,μ^T iτ₂ L_j + h.c.
    V₁ = U₃ (3,3,2/3):   L ⊃ y_ij Q̄_i γ^μ (τ·U₃,μ) L_j + h.c.

(1603.04993 eqs. (7), (19), (29), (44), (52) with only the couplings to lepton doublets; quark index i,
lepton index j; Q_i = ((V†u_L)_i, d_Li), down-quark mass basis; massless neutrinos.) Integrating out
the leptoquark at tree level (L_eff = Σ J†J/M² for scalars, −Σ J†_μJ^μ/M² for vectors) and Fierzing:

    C^{ij} = κ_ν · y*_{a i} y_{b j} /(M² N)   into C_L (a, b = s, b) or C_R, N of `NeutrinoWET`;
    C9^{ij} = −C10^{ij} = κ_ℓ C^{ij}  (primed for the right-handed-quark S̃_{1/2}, V_{1/2});
    b → c τ ν̄_j: C_VL^j = κ_c (V*y)*_{cτ} y_{bj}/(4√2 G_F V_cb M²) for S₀, S₁;
                  C_VL^j = −(V y)_{cj} y*_{bτ}/(2√2 G_F V_cb M²) for V₁.

The table (κ_ν, (a, b), κ_ℓ, κ_c) is in docs/uv-models.md ("Matching table") and is re-derived numerically
(explicit Dirac matrices, charge conjugation and Grassmann reordering) in tests/test_leptoquark.py.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from ..ckm import ckm_matrix
from ..eft import ChargedLeptonWET, NeutrinoWET
from ..eft.flavour import flavour_array
from ..eft.neutrino import FLAVOURS, normalisation
from ..errors import DarkflavError, finite_array, in_range, unknown
from ..notebook import TableRepr
from ..parameters import Parameters
from ..registry import predict

QUARKS = ("d", "s", "b")


@dataclass(frozen=True)
class LeptoquarkEFT(TableRepr):
    """The low-energy theories a leptoquark matches onto (b → sνν̄; b → sℓℓ′ and b → cτν̄)."""

    neutrino: NeutrinoWET
    charged: ChargedLeptonWET


class Leptoquark(TableRepr):
    """A leptoquark of mass `mass` (GeV, array) and couplings `couplings[..., i, j]` to quark i (d, s, b)
    and lepton doublet j (e, μ, τ) in the normalisation of the module docstring. Subclasses set
    the row of the matching table."""

    name: str
    dorsner: str
    representation: str
    spin: int
    neutrino_field: str  # "C_L" or "C_R"
    kappa_nu: float
    quark_order: tuple[int, int]  # (a, b): C^{ij} ∝ y*_{a i} y_{b j}
    kappa_charged: float  # C9 (or C9′) / C^{ij}; 0: no b → sℓℓ at tree level
    kappa_bc: float  # S₀, S₁: ± for C_VL; V₁: special form; 0: none

    def __init__(self, mass, couplings):
        self.mass = in_range("mass", mass, np.finfo(float).tiny, np.inf, "GeV")
        self.couplings = finite_array("couplings", couplings, complex)
        if self.couplings.ndim < 2 or self.couplings.shape[-2:] != (3, 3):
            raise DarkflavError(f"couplings of {self.name} must have shape (..., 3, 3) — quarks (d, s, b) × "
                                f"leptons (e, mu, tau); got shape {self.couplings.shape}")
        try:
            self.shape = np.broadcast_shapes(self.mass.shape, self.couplings.shape[:-2])
        except ValueError:
            raise DarkflavError(f"mass {self.mass.shape} and couplings {self.couplings.shape} do not "
                                "broadcast together") from None

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, shape={self.shape})"

    @classmethod
    def from_mapping(cls, mapping: Mapping) -> Leptoquark:
        """From {"mass": 1000, "couplings": {"btau": 1.0, "stau": 0.1}} (or a nested 3×3 list); on the
        base class the leptoquark is chosen by "name" ("S0", "S1/2~", "S1", "V1/2", "V1")."""
        data = dict(mapping)
        kind = cls
        if cls is Leptoquark:
            kind = leptoquark_class(data.pop("name", None))
        else:
            data.pop("name", None)
        extra = set(data) - {"mass", "couplings"}
        if extra or "mass" not in data:
            raise DarkflavError(f"{kind.name}: give 'mass' (GeV) and 'couplings'; unexpected {sorted(extra)}")
        keys = {f"{q}{lep}": (i, j) for i, q in enumerate(QUARKS) for j, lep in enumerate(FLAVOURS)}
        couplings = flavour_array("couplings", data.get("couplings", {}), keys, (3, 3),
                                  "quarks (d, s, b) × leptons (e, mu, tau)",
                                  "coupling (quark then lepton, e.g. 'btau')")
        return kind(data["mass"], couplings)

    # --- matching ----------------------------------------------------------------------------
    def _bilinear(self, params) -> np.ndarray:
        """y*_{a i} y_{b j}/(M² N), shape (..., 3, 3)."""
        a, b = self.quark_order
        y = self.couplings
        n = normalisation(params, "sb")
        outer = np.conj(y[..., a, :, None]) * y[..., b, None, :]
        return outer / (self.mass[..., None, None] ** 2 * np.asarray(n)[..., None, None])

    def _c_vl(self, params) -> np.ndarray | None:
        """C_VL^j of b → cτν̄_j, shape (..., 3), or None."""
        if self.kappa_bc == 0:
            return None
        v = ckm_matrix(params)
        y = self.couplings
        g = params["G_F"] * v[..., 1, 2] * self.mass**2
        if self.neutrino_field == "C_L" and self.quark_order == (1, 2):  # S₀, S₁: up quark with τ
            up = np.sum(np.conj(v[..., 1, :]) * y[..., :, 2], axis=-1)  # (V* y)_{cτ}
            return self.kappa_bc * np.conj(up)[..., None] * y[..., 2, :] / (4 * np.sqrt(2) * g[..., None])
        up = np.sum(v[..., 1, :, None] * y, axis=-2)  # (V y)_{cj}, V₁
        return self.kappa_bc * up * np.conj(y[..., 2, 2])[..., None] / (2 * np.sqrt(2) * g[..., None])

    def match(self, params: Parameters | None = None) -> LeptoquarkEFT:
        """The NeutrinoWET (sector 'sb') and ChargedLeptonWET at the low scale (tree level; the vector
        currents do not run in QCD and α·C is scale independent, see docs/conventions.md)."""
        params = params or Parameters.default()
        c = self.kappa_nu * self._bilinear(params)
        neutrino = NeutrinoWET(**{self.neutrino_field: c}, sector="sb")
        charged = {}
        if self.kappa_charged:
            prime = "_prime" if self.neutrino_field == "C_R" else ""
            charged = {f"C9{prime}": self.kappa_charged * c, f"C10{prime}": -self.kappa_charged * c}
        c_vl = self._c_vl(params)
        if c_vl is not None:
            charged["C_VL"] = c_vl
        return LeptoquarkEFT(neutrino, ChargedLeptonWET(**charged))

    def side_constraints(self, params: Parameters | None = None) -> dict[str, np.ndarray]:
        """Predictions of the observables that constrain the model (SIDE_CONSTRAINTS)."""
        params = params or Parameters.default()
        eft = self.match(params)
        out = {name: predict(name, eft.neutrino, params) for name in ("R_K(nu nu)", "R_K*(nu nu)")}
        out.update({name: predict(name, eft.charged, params) for name in CHARGED_SIDE_CONSTRAINTS})
        return out


#: charged-lepton observables of the leptoquark side constraints (the LFV limit table, ττ, b → sℓℓ, R(D(*)))
CHARGED_SIDE_CONSTRAINTS = (
    "BR(Bs->emu,mue)", "BR(Bs->mutau,taumu)", "BR(Bs->tautau)", "BR(B+->Kemu,mue)", "BR(B+->Ketau,taue)",
    "BR(B+->Kmutau,taumu)", "BR(B+->Ktautau)", "BR(B0->K*emu,mue)", "C9_bsee", "C9_bsmumu", "C10_bsmumu",
    "Rtaul(B->Dlnu)", "Rtaul(B->D*lnu)",
)


class S0(Leptoquark):
    """S₀ = S₁ (3̄,1,1/3): C_L = y*_{si}y_{bj}/(4M²N); no b → sℓℓ; C_VL from (V*y)_{cτ}."""

    name, dorsner, representation, spin = "S0", "S1", "(3bar,1,1/3)", 0
    neutrino_field, kappa_nu, quark_order, kappa_charged, kappa_bc = "C_L", 0.25, (1, 2), 0.0, 1.0


class S12Tilde(Leptoquark):
    """S̃_{1/2} = R̃₂ (3,2,1/6): C_R = −y*_{bi}y_{sj}/(4M²N); C9′ = −C10′ = C_R."""

    name, dorsner, representation, spin = "S1/2~", "R2~", "(3,2,1/6)", 0
    neutrino_field, kappa_nu, quark_order, kappa_charged, kappa_bc = "C_R", -0.25, (2, 1), 1.0, 0.0


class S1(Leptoquark):
    """S₁ = S₃ (3̄,3,1/3): C_L = y*_{si}y_{bj}/(4M²N); C9 = −C10 = 2C_L; C_VL opposite to S₀."""

    name, dorsner, representation, spin = "S1", "S3", "(3bar,3,1/3)", 0
    neutrino_field, kappa_nu, quark_order, kappa_charged, kappa_bc = "C_L", 0.25, (1, 2), 2.0, -1.0


class V12(Leptoquark):
    """V_{1/2} = V₂ (3̄,2,5/6): C_R = y*_{si}y_{bj}/(2M²N); C9′ = −C10′ = C_R."""

    name, dorsner, representation, spin = "V1/2", "V2", "(3bar,2,5/6)", 1
    neutrino_field, kappa_nu, quark_order, kappa_charged, kappa_bc = "C_R", 0.5, (1, 2), 1.0, 0.0


class V1(Leptoquark):
    """V₁ = U₃ (3,3,2/3): C_L = −y*_{bi}y_{sj}/(M²N); C9 = −C10 = C_L/2; C_VL from (Vy)_{cj}."""

    name, dorsner, representation, spin = "V1", "U3", "(3,3,2/3)", 1
    neutrino_field, kappa_nu, quark_order, kappa_charged, kappa_bc = "C_L", -1.0, (2, 1), 0.5, -1.0


#: the leptoquark models by name (collected into darkflav.models.MODELS)
MODELS = {cls.name: cls for cls in (S0, S12Tilde, S1, V12, V1)}


def leptoquark_class(name) -> type[Leptoquark]:
    """The class of a leptoquark name ("S0", "S1/2~", "S1", "V1/2", "V1"), else DarkflavError."""
    if name not in MODELS:
        raise unknown("leptoquark", str(name), MODELS)
    return MODELS[name]
