"""Vector-like quarks Q ~ (3, 2, 1/6), D ~ (3, 1, −1/3) and a real scalar φ, all odd under Z₂.

The model of He, Ma, Schmidt, Valencia, Volkas, JHEP 07 (2024) 168 (arXiv:2403.12485), recast at the
LHC in Roy, Schmidt, Valencia, arXiv:2509.14869. Package Lagrangian (names of the seed; signs are this
package's convention, stated once here):

    L ⊃ Q̄(iD̸ − m_Q)Q + D̄(iD̸ − m_D)D + ½(∂φ)² − ½m_φ²φ² − (λ_φ/4!)φ⁴ − (κ/2)φ²H†H
        − [ y_q^p Q̄_R q_{Lp} φ + y_d^p D̄_L d_{Rp} φ + y₁ Q̄_L H D_R + y₂ Q̄_R H D_L + h.c. ]

q_{Lp} = ((V†u_L)_p, d_{Lp}) and d_{Rp} in the down-quark mass basis, p = d, s, b; H = (0, (v + h)/√2),
v = (√2 G_F)^{−1/2}. After EWSB the charge −1/3 states Ψ = (Q_d, D) have the mass term −Ψ̄_L ℳ Ψ_R + h.c.,
ℳ = [[m_Q, y₁v/√2], [y₂*v/√2, m_D]]; Q_u has mass m_Q and couples as −ỹ_k Q̄_{uR} u_{Lk} φ, ỹ = V* y_q.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import numpy as np
from wilson.util import qcd

from ..ckm import ckm_matrix, lambda_q
from ..decays import b_to_s_gamma
from ..eft import DarkEFT
from ..eft.dipole import DipoleWET
from ..eft.higgs import HeavyQuarks
from ..eft.mixing import DeltaF2
from ..errors import DarkflavError, finite_array
from ..notebook import TableRepr
from ..parameters import Parameters
from ..registry import predict

DOWN = ("d", "s", "b")
UP = ("u", "c", "t")
# MS-bar masses at the scales the package's hadronic matrix elements use (decays/b_to_k.py, k_to_pi.py)
DOWN_MASSES = ("m_d(2GeV)", "m_s(2GeV)", "m_b(m_b)")
UP_MASSES = ("m_u(2GeV)", "m_c(m_c)", "m_t")
_CHANGING = ("sb", "sd", "db")
_DIAGONAL = ("dd", "ss", "bb")


def vev(params) -> np.ndarray:
    """v = (√2 G_F)^{−1/2} ≈ 246.2 GeV."""
    return (np.sqrt(2.0) * np.asarray(params["G_F"])) ** -0.5


@cache
def _mass_running(mu_high: float, alpha_s_mz: float) -> tuple[float, float]:
    """m_q(μ_high)/m_q(μ_low) for μ_low = m_b(m_b) and μ_low = 2 GeV (QCD, flavour universal; RunDec via
    wilson.util.qcd, three loops, top threshold near 170 GeV)."""
    mb = Parameters.default()["m_b(m_b)"]
    to_mb = qcd.m_b(mb, mu_high, 6 if mu_high > 170.0 else 5, alpha_s_mz) / mb
    mb_over_2 = qcd.m_s(1.0, mb, 5, alpha_s_mz)  # m_q(m_b)/m_q(2 GeV)
    return to_mb, to_mb * mb_over_2


@dataclass(frozen=True)
class VLQEFT(TableRepr):
    """The low-energy theories of the VLQ model: the DarkEFT of φ (tree level), the b → s dipoles, the ΔF = 2
    coefficients of the three down-type sectors and the v-dependence of the heavy charge −1/3 masses."""

    dark: DarkEFT
    dipoles: DipoleWET
    mixing_sb: DeltaF2
    mixing_db: DeltaF2
    mixing_sd: DeltaF2
    higgs: HeavyQuarks


#: registered observables of the VLQ side constraints, predicted by `side_constraints` (the preset "VLQ side
#: constraints" compares B → X_sγ, κ_g, κ_γ and B(h → φφ) with data; the ΔM ratios have no verified measurement)
SIDE_CONSTRAINTS = ("BR(B->Xsgamma)", "DeltaM_s/DeltaM_s^SM", "DeltaM_d/DeltaM_d^SM", "kappa_g", "kappa_gamma")


class VectorLikeQuarks(TableRepr):
    """The VLQ model: heavy Q, D and the dark-matter scalar φ (masses in GeV; arrays broadcast).

    Parameters (names of the seed; all broadcast over leading axes, Yukawa vectors have a last axis of 3):
        m_Q, m_D     vector-like masses (> m_φ ≥ 0)
        m_phi        φ mass
        y_q          (..., 3) complex, y_q^p of −y_q^p Q̄_R q_{Lp} φ, p = (d, s, b)
        y_d          (..., 3) complex, y_d^p of −y_d^p D̄_L d_{Rp} φ
        y1, y2       complex, −y₁ Q̄_L H D_R − y₂ Q̄_R H D_L (chirality flip; docs/uv-models.md)
        lambda_phi   φ⁴ coupling −(λ_φ/4!)φ⁴ (no effect on the observables here)
        kappa        Higgs portal −(κ/2)φ²H†H

    For collider use: `charge_minus_third()` gives the mass eigenvalues and the couplings of the charge
    −1/3 mass eigenstates F_a, L ⊃ −φ F̄_a (l_a^p P_L + r_a^p P_R) d_p + h.c.; `up_yukawas()` gives ỹ_k of
    −ỹ_k Q̄_{uR} u_{Lk} φ (Q_u mass m_Q). Widths Γ(F → qφ) = (|l|² + |r|²) M (1 − m_φ²/M²)²/(32π) per quark.
    """

    name = "VLQ"

    def __init__(self, m_Q, m_D, m_phi, y_q, y_d, y1=0.0, y2=0.0, lambda_phi=0.0, kappa=0.0):
        self.m_phi = finite_array("m_phi", m_phi)
        if np.any(self.m_phi < 0):
            raise DarkflavError(f"m_phi = {m_phi} GeV must be ≥ 0")
        self.m_Q, self.m_D = finite_array("m_Q", m_Q), finite_array("m_D", m_D)
        for label, m in (("m_Q", self.m_Q), ("m_D", self.m_D)):
            if np.any(m <= self.m_phi):
                raise DarkflavError(f"{label} = {m} GeV must be > m_phi (φ is the lightest Z₂-odd state) and > 0")
        self.y_q, self.y_d = (finite_array(n, v, complex) for n, v in (("y_q", y_q), ("y_d", y_d)))
        for label, y in (("y_q", self.y_q), ("y_d", self.y_d)):
            if y.ndim == 0 or y.shape[-1] != 3:
                raise DarkflavError(f"{label} must have a last axis of length 3 (couplings to d, s, b), "
                                    f"got shape {y.shape}")
        self.y1, self.y2 = finite_array("y1", y1, complex), finite_array("y2", y2, complex)
        self.lambda_phi, self.kappa = finite_array("lambda_phi", lambda_phi), finite_array("kappa", kappa)
        try:
            self.shape = np.broadcast_shapes(self.m_Q.shape, self.m_D.shape, self.m_phi.shape, self.y_q.shape[:-1],
                                             self.y_d.shape[:-1], self.y1.shape, self.y2.shape, self.kappa.shape,
                                             self.lambda_phi.shape)
        except ValueError:
            raise DarkflavError("VLQ masses and couplings do not broadcast together") from None

    @classmethod
    def from_mapping(cls, mapping: Mapping) -> VectorLikeQuarks:
        """From a plain dict (YAML/CLI): {m_Q, m_D, m_phi, y_q: [d, s, b], y_d: [...], y1, y2, lambda_phi, kappa};
        a complex number may be written {Re: …, Im: …}."""
        allowed = {"m_Q", "m_D", "m_phi", "y_q", "y_d", "y1", "y2", "lambda_phi", "kappa"}
        extra, missing = set(mapping) - allowed, {"m_Q", "m_D", "m_phi", "y_q", "y_d"} - set(mapping)
        if extra or missing:
            problem = f"unknown {sorted(extra)}" if extra else f"missing {sorted(missing)}"
            raise DarkflavError(f"VLQ model: {problem}; parameters are {sorted(allowed)}")

        def number(v):
            if isinstance(v, Mapping):
                return complex(v.get("Re", 0.0), v.get("Im", 0.0))
            return [number(x) for x in v] if isinstance(v, list | tuple) else v

        return cls(**{k: number(v) for k, v in mapping.items()})

    def __repr__(self) -> str:
        return f"VectorLikeQuarks(shape={self.shape})"

    # --- heavy states ---------------------------------------------------------------------------
    def mass_matrix(self, params=None) -> np.ndarray:
        """ℳ of −Ψ̄_L ℳ Ψ_R, Ψ = (Q_d, D), shape (..., 2, 2)."""
        v = vev(params or Parameters.default()) / np.sqrt(2.0)
        m_q, m_d, y1, y2 = np.broadcast_arrays(self.m_Q, self.m_D, self.y1 * v, np.conj(self.y2) * v)
        return np.stack([np.stack([m_q, y1], -1), np.stack([y2, m_d], -1)], -2).astype(complex)

    def charge_minus_third(self, params=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(M_a, l, r): masses (..., 2) of the charge −1/3 eigenstates F_a (ascending) and their couplings
        l (..., 2, 3), r (..., 2, 3) in −φ F̄_a (l_a^p P_L + r_a^p P_R) d_p + h.c. (ℳ = U_L diag(M) U_R†)."""
        u_l, masses, u_r_dag = np.linalg.svd(self.mass_matrix(params))
        masses, u_l, u_r = masses[..., ::-1], u_l[..., ::-1], np.conj(np.swapaxes(u_r_dag, -1, -2))[..., ::-1]
        l = np.conj(u_r[..., 0, :])[..., None] * self.y_q[..., None, :]   # Q̄_R = Σ_a (U_R)*_{Qa} F̄_{aR}
        r = np.conj(u_l[..., 1, :])[..., None] * self.y_d[..., None, :]   # D̄_L = Σ_a (U_L)*_{Da} F̄_{aL}
        return masses, l, r

    def up_yukawas(self, params=None) -> np.ndarray:
        """ỹ_k = Σ_p V*_{kp} y_q^p, k = u, c, t: −ỹ_k Q̄_{uR} u_{Lk} φ."""
        V = ckm_matrix(params or Parameters.default())
        return np.einsum("...kp,...p->...k", np.conj(V), self.y_q)

    # --- tree-level matching ----------------------------------------------------------------------
    def _running(self, params) -> np.ndarray:
        """(..., 2): m_q(μ)/m_q(m_b) and m_q(μ)/m_q(2 GeV) at μ = √(m_Q m_D), evaluated once per distinct (μ, α_s)
        of a scan (`_mass_running`)."""
        mu, alpha = np.broadcast_arrays(np.sqrt(self.m_Q * self.m_D), np.asarray(params["alpha_s"], float))
        distinct, inverse = np.unique(np.stack([mu.ravel(), alpha.ravel()], -1), axis=0, return_inverse=True)
        table = np.array([_mass_running(float(m), float(a)) for m, a in distinct])
        return table[inverse.ravel()].reshape(mu.shape + (2,))

    def chiral_coefficients(self, params=None, run: bool = True) -> tuple[np.ndarray, np.ndarray]:
        """(C_d, C_u): C^{ij} of Σ_ij C^{ij} (q̄_i P_R q_j) φ² + h.c., shape (..., 3, 3), tree level [derived].

        Integrating out Ψ at O(p): L_eff = J̄ ℳ⁻¹ J + J̄ ℳ⁻¹ i∂̸ ℳ⁻¹ J (J the φ-quark source), the SM equations
        of motion then give
            C^{ij} = y_q^{i*} (ℳ⁻¹)_{QD} y_d^j · r_ij                         (y₁ insertion, run to low scale)
                   + y_q^{i*} y_q^j m_j [(ℳ†ℳ)⁻¹]_{QQ}/2 + y_d^{i*} y_d^j m_i [(ℳℳ†)⁻¹]_{DD}/2   (EOM pieces)
                   + δ_ij κ m_i/(2m_h²)                                        (Higgs exchange)
        with (ℳ⁻¹)_{QD} = −y₁v/√2/det ℳ (docs/uv-models.md, "Tree-level matching"). The y₁ piece is a
        coefficient at μ = √(m_Q m_D) of an operator running like 1/m_q (m_q q̄q is scale invariant), so the
        coefficient runs like m_q: r_ij = m_q(μ_ij)/m_q(μ) ≈ 1.8 at 3 TeV, μ_ij = m_b for pairs with a b quark, else
        2 GeV (the scales of the package's quark masses); run=False leaves it at μ.
        Up quarks: Q_u only, C_u^{kl} = ỹ_k* ỹ_l m_l/(2m_Q²) + δ_kl κ m_k/(2m_h²).
        """
        params = params or Parameters.default()
        # quark masses on a trailing axis (leading axes: the model's and those of array inputs)
        m_d = np.stack(np.broadcast_arrays(*(np.asarray(params[n], float) for n in DOWN_MASSES)), axis=-1)
        m_u = np.stack(np.broadcast_arrays(*(np.asarray(params[n], float) for n in UP_MASSES)), axis=-1)
        M = self.mass_matrix(params)
        Minv = np.linalg.inv(M)
        xq = np.linalg.inv(np.conj(np.swapaxes(M, -1, -2)) @ M)[..., 0, 0]
        xd = np.linalg.inv(M @ np.conj(np.swapaxes(M, -1, -2)))[..., 1, 1]
        outer = lambda a, b: np.conj(a)[..., :, None] * b[..., None, :]  # noqa: E731
        running = self._running(params)
        with_b = np.array([[0, 0, 1], [0, 0, 1], [1, 1, 1]], dtype=bool)
        r = 1 / np.where(with_b, running[..., 0, None, None], running[..., 1, None, None]) if run else 1.0
        portal = self.kappa[..., None, None] / (2 * np.asarray(params["m_h"], float)[..., None, None] ** 2)
        diagonal = lambda m: m[..., :, None] * np.eye(3)  # noqa: E731
        c_d = (outer(self.y_q, self.y_d) * Minv[..., 0, 1, None, None] * r
               + outer(self.y_q, self.y_q) * m_d[..., None, :] * xq[..., None, None] / 2
               + outer(self.y_d, self.y_d) * m_d[..., :, None] * xd[..., None, None] / 2
               + portal * diagonal(m_d))
        yt = self.up_yukawas(params)
        c_u = outer(yt, yt) * m_u[..., None, :] / (2 * self.m_Q[..., None, None] ** 2) + portal * diagonal(m_u)
        return c_d, c_u

    def dark_eft(self, params=None, run: bool = True, gluon: bool = True) -> DarkEFT:
        """The DarkEFT of φ (real scalar, mass m_φ), package normalisation
        ½[C^{S,ij}(q̄_i q_j) + C^{P,ij}(q̄_i iγ₅ q_j)]φ² + ½C_G GGφ²: C^S = C^{ij} + C^{ji*}, C^P = −i(C^{ij} − C^{ji*})
        at tree level, and the gluon coefficient at one loop, `gluon_coefficient`. run=False: the quark coefficients
        at the matching scale √(m_Q m_D) (the contact theory for the LHC); gluon=False: without C_G."""
        params = params or Parameters.default()
        c_d, c_u = self.chiral_coefficients(params, run=run)
        cs = lambda c: c + np.conj(np.swapaxes(c, -1, -2))  # noqa: E731
        cp = lambda c: -1j * (c - np.conj(np.swapaxes(c, -1, -2)))  # noqa: E731
        index = {q: k for k, q in enumerate(DOWN)}
        coefficients = {}
        for pair in _CHANGING + _DIAGONAL:
            i, j = index[pair[0]], index[pair[1]]
            for name, f in (("CS", cs), ("CP", cp)):
                value = f(c_d)[..., i, j]
                coefficients[f"{name}_{pair}"] = value.real if pair in _DIAGONAL else value
        for k, pair in ((0, "uu"), (1, "cc")):
            coefficients[f"CS_{pair}"] = cs(c_u)[..., k, k].real
        if gluon:
            coefficients["CG"] = self.gluon_coefficient(params)
        return DarkEFT("real scalar", self.m_phi, coefficients)

    def gluon_coefficient(self, params=None) -> np.ndarray:
        """C_G of ½C_G G^a_{μν}G^{aμν}φ² below m_t at one loop [derived, low-energy theorem].

        A heavy colour triplet of mass M(φ) gives L = (α_s/12π) ln M(φ) GG (Ellis, Gaillard, Nanopoulos, NPB 106
        (1976) 292; Shifman, Vainshtein, Voloshin, Zakharov, Sov. J. Nucl. Phys. 30 (1979) 711), so
        C_G = (α_s/12π) Σ_heavy ∂ln M_a²/∂φ² at φ = 0, M_a the singular values of the full quark mass matrix in a
        constant φ background. The VLQ states (φ mixes them with the light quarks), at leading order in m_q/M:
            Σ_heavy ∂ln M_a²/∂φ² = Σ_p|y_q^p|² [(ℳ†ℳ)⁻¹]_QQ + Σ_p|y_d^p|² [(ℳℳ†)⁻¹]_DD + Σ_k|ỹ_k|²/m_Q²   (Q_d, D; Q_u)
        (first-order perturbation of the heavy block); the top threshold adds −(α_s/12π) C^{S,tt}/m_t =
        −(α_s/12π)(|ỹ_t|²/m_Q² + κ/m_h²) (Shifman, Vainshtein, Zakharov, PLB 78 (1978) 443), and Higgs exchange
        (κ) shifts the v-dependent VLQ masses: −(α_s/12π)(κ/m_h²)δ, δ = `higgs_delta`. The light-quark pieces of the
        VLQ loops are not separate: u, d, s stay in the EFT with their C^S, c and b enter direct detection through
        their own C^S. C_G is given at μ = 2 GeV (docs/conventions.md), so α_s = α_s(2 GeV): at this order C_G/α_s
        is scale independent. Twist-2 operators not included."""
        params = params or Parameters.default()
        M = self.mass_matrix(params)
        m_dag = np.conj(np.swapaxes(M, -1, -2))
        xq, xd = np.linalg.inv(m_dag @ M)[..., 0, 0].real, np.linalg.inv(M @ m_dag)[..., 1, 1].real
        norm2 = lambda y: np.sum(np.abs(y) ** 2, -1)  # noqa: E731
        heavy = norm2(self.y_q) * xq + norm2(self.y_d) * xd + norm2(self.up_yukawas(params)) / self.m_Q**2
        top = np.abs(self.up_yukawas(params)[..., 2]) ** 2 / self.m_Q**2
        portal = self.kappa / params["m_h"] ** 2 * (1 + self.higgs_delta(params))
        return params["alpha_s(2GeV)"] / (12 * np.pi) * (heavy - top - portal)

    def match(self, params=None) -> VLQEFT:
        """All low-energy theories (VLQEFT): `dark_eft`, `dipoles`, `delta_f2` of sb, db, sd and `higgs_delta`."""
        params = params or Parameters.default()
        dark = self.dark_eft(params)
        mixing = {sector: self.delta_f2(sector, params, dark) for sector in ("sb", "db", "sd")}
        return VLQEFT(dark, self.dipoles(params), mixing["sb"], mixing["db"], mixing["sd"],
                      HeavyQuarks(self.higgs_delta(params)))

    # --- one-loop side constraints --------------------------------------------------------------
    def dipoles(self, params=None) -> DipoleWET:
        """C₇, C₇′, C₈, C₈′ of b → s (flavio/WCxf normalisation, D = ∂ + ieQA + ig_sTG) at μ = √(m_Q m_D).

        One loop with φ and the charge −1/3 eigenstates F_a (photon/gluon on F): for L = −φF̄(l P_L + r P_R)d + h.c.
        and the opposite sign convention of the coupling (D = ∂ − ieQA), the coefficient of d̄_iσ^{μν}P_Rd_j eF_μν is
            A^{ij} = (Q_d/32π²) Σ_a [l_a^{i*}r_a^j f₁(t_a)/M_a
                                     + (m_j l_a^{i*}l_a^j + m_i r_a^{i*}r_a^j) f₂(t_a)/(2M_a²)],
        f₁(t) = ∫₀¹ x² dx/(x + t(1−x)), f₂(t) = ∫₀¹ x²(1−x) dx/(x + t(1−x)), t = m_φ²/M_a² [derived from the
        neutral-scalar/charged-fermion g−2 integral of Leveille, NPB 137 (1978) 63, generalised by chirality;
        f₁(0) = 1/2, f₂(0) = 1/6]. C₇ = −A^{sb}/N, C₇′ = −A^{bs*}/N with N = (4G_F/√2)V_tbV*_ts m_b/2 (e/16π² of O₇
        divided out); C₈ the same with Q_d → 1. Running masses m_q(μ) in the formula and in N. Cross-checked
        (tests/test_vlq.py) against the explicit one-loop vertex (tests/dipole_loop.py, D = ∂ + ieQA), whose
        charged-Higgs version reproduces the type-II C₇^H = (cot²β/3)F₇⁽¹⁾(y) + F₇⁽²⁾(y) < 0 of Ciuchini, Degrassi,
        Gambino, Giudice, NPB 527 (1998) 21: the sign of the SM C₇ (constructive type-II interference), i.e. of
        flavio's C₇^eff < 0."""
        params = params or Parameters.default()
        masses, l, r = self.charge_minus_third(params)
        heavy = np.sqrt(self.m_Q * self.m_D)
        running = self._running(params)
        m_b = params["m_b(m_b)"] * running[..., 0]
        m_s = params["m_s(2GeV)"] * running[..., 1]
        x, w = np.polynomial.legendre.leggauss(48)
        x, w = (x + 1) / 2, w / 2
        t = (self.m_phi[..., None] / masses)[..., None] ** 2
        den = x + t * (1 - x)
        f1, f2 = np.sum(w * x**2 / den, -1), np.sum(w * x**2 * (1 - x) / den, -1)

        def a(i, j, m_i, m_j):
            flip = np.conj(l[..., i]) * r[..., j] * f1 / masses
            external = (m_j[..., None] * np.conj(l[..., i]) * l[..., j]
                        + m_i[..., None] * np.conj(r[..., i]) * r[..., j]) * f2 / (2 * masses**2)
            return np.sum(flip + external, -1) / (32 * np.pi**2)

        norm = 4 * params["G_F"] / np.sqrt(2) * lambda_q("t", "s", "b", params) * m_b / (16 * np.pi**2)
        a_sb, a_bs = a(1, 2, m_s, m_b), a(2, 1, m_b, m_s)
        charge = -1 / 3
        scale = max(float(np.max(heavy)), b_to_s_gamma.data()["linear"]["scale"])  # one running scale per scan
        return DipoleWET(C7=-charge * a_sb / norm, C7p=-charge * np.conj(a_bs) / norm, C8=-a_sb / norm,
                         C8p=-np.conj(a_bs) / norm, scale=scale)

    def delta_f2(self, sector: str, params=None, dark: DarkEFT | None = None) -> DeltaF2:
        """ΔF = 2 coefficients (meson_mixing.DeltaF2 at μ = 4.2 GeV) at dimension 8, leading logarithm [derived].

        The y_q–y_q and y_d–y_d boxes with a real φ cancel against the crossed boxes at zero external momenta (the
        two Q propagators carry ±k), so the first contribution is the φ loop with two insertions of the dimension-5
        operator: L_eff = ln(M²/μ_IR²)/(64π²) (d̄_i(c_L P_L + c_R P_R)d_j)², c_{L,R} = C^S ∓ iC^P (package C of
        ½C(d̄_iΓd_j)φ²), μ_IR = max(m_φ, m_b), M = √(m_Q m_D); non-logarithmic terms are not included."""
        params = params or Parameters.default()
        d = (dark or self.dark_eft(params)).coefficients(sector)
        c_l, c_r = d["CS"] - 1j * d["CP"], d["CS"] + 1j * d["CP"]
        infrared = np.maximum(self.m_phi, params["m_b(m_b)"])
        k = -np.log(self.m_Q * self.m_D / infrared**2) / (64 * np.pi**2)  # H = −L
        return DeltaF2(sector, {"SLL1": k * c_l**2, "SRR1": k * c_r**2, "LR2": 2 * k * c_l * c_r}, scale=4.2)

    def higgs_delta(self, params=None) -> np.ndarray:
        """δ = ∂ ln|det ℳ|/∂ ln v = −Re(y₁y₂* v²/det ℳ) of the charge −1/3 states (Q_u does not depend on v)."""
        params = params or Parameters.default()
        return -np.real(self.y1 * np.conj(self.y2) * vev(params) ** 2 / np.linalg.det(self.mass_matrix(params)))

    def side_constraints(self, params=None) -> dict[str, np.ndarray]:
        """{observable: prediction} for SIDE_CONSTRAINTS (B → X_sγ, ΔM_s/ΔM_s^SM, ΔM_d/ΔM_d^SM, κ_g, κ_γ) and
        ε_K/ε_K^SM (the registered observables read the matched VLQEFT)."""
        params = params or Parameters.default()
        eft = self.match(params)
        out = {name: predict(name, eft, params) for name in SIDE_CONSTRAINTS}
        out["epsilon_K/epsilon_K^SM"] = predict("epsilon_K", eft, params) / predict("epsilon_K", None, params)
        return out


#: this module's models by name (collected into darkflav.models.MODELS)
MODELS = {"VLQ": VectorLikeQuarks}
