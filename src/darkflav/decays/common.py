"""Pieces shared by the three-body rates: the νν̄ normalisation and coherent sums, and the hadronic
amplitudes of J = 1 currents and pseudoscalar transitions."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from functools import cache
from types import ModuleType
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..arrays import Real
from ..eft import NeutrinoWET
from ..hadronic.zexpansion import trailing
from ..kinematics import kallen
from ..parameters import Parameters


def nunu_prefactor(params: Parameters, lambda_t: Real | complex) -> NDArray[np.float64]:
    """|N|² = G_F² α² |λ_t|² / (2π²) of the neutrino effective Lagrangian (arXiv:1409.4557 eq. 2.1)."""
    return params["G_F"] ** 2 * params["alpha_e"] ** 2 * np.abs(lambda_t) ** 2 / (2 * np.pi**2)


def c_left_sm(params: Parameters) -> NDArray[np.float64]:
    """SM coefficient C_L^SM = −X_t / s²_W (arXiv:1409.4557 eq. 2.3)."""
    return -np.asarray(params["X_t"]) / params["s2w"]


def coherent_sums(theory: NeutrinoWET, c_sm: Real | complex) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(Σ_ij |C₊^ij|², Σ_ij |C₋^ij|²) with C± = c_sm δ_ij + C_L ± C_R, plus the primed (ν_R) set.

    Neutrino flavour pairs and chiralities add incoherently for massless neutrinos; c_sm (array over
    parameters, may be complex) broadcasts against the coefficient shape. Missing coefficients
    cost nothing.
    """
    c_sm = np.asarray(c_sm)
    sums = []
    for sign in (+1, -1):
        total: Any = 0.0
        for left, right, sm in (("C_L", "C_R", c_sm), ("C_L_prime", "C_R_prime", None)):
            cl, cr = theory.coefficient(left), theory.coefficient(right)
            if cl is None and cr is None:
                total = total + (3 * np.abs(sm) ** 2 if sm is not None else 0.0)
                continue
            m = (0 if cl is None else cl) + sign * (0 if cr is None else cr)
            total = total + _sum_abs2_with_diagonal(m, sm)
        sums.append(np.asarray(total, dtype=float))
    return sums[0], sums[1]


def _sum_abs2_with_diagonal(m, diagonal) -> np.ndarray:
    """Σ_ij |m_ij + d δ_ij|² without building d δ_ij at the size of m."""
    total = np.sum(m.real**2 + m.imag**2, axis=(-2, -1))
    if diagonal is None:
        return total
    d = diagonal[..., None]
    diag = np.diagonal(m, axis1=-2, axis2=-1)
    # |m_ii + d|² − |m_ii|² = |d|² + 2 Re(m_ii d*)
    return total + np.sum(np.abs(d) ** 2 + 2 * (diag * np.conj(d)).real, axis=-1)


def nunu_density(module: ModuleType, q2: Real, params: Parameters, mode: str) -> dict[str, NDArray[Any]]:
    """dΓ/dq² of P → M νν̄ per unit coherent sum: 'V' (× Σ|C₊|²), 'A_T', 'A_0' (× Σ|C₋|²).

    dΓ/dq² = |N|² |p| /(192 π³ m_P²) · ¼·4 · [|C₊|² q²|H_V|² + |C₋|² q²|H_A|²] for massless neutrinos,
    the master formula of arXiv:1409.4557 eqs. (3.1), (3.5) written with helicity amplitudes:
    |p| q² (8/3)/(128 π³ m_P²) · ¼ per unit |C±|² with the weight (8/3) q² of ν̄γ(1−γ₅)ν.
    """
    m_p, m_m = (np.asarray(params[m])[..., None] for m in module.MODES[mode][:2])
    had = module.hadronic(q2, params, mode)
    p = np.sqrt(np.clip(kallen(m_p**2, m_m**2, q2), 0.0, None)) / (2 * m_p)
    pref = nunu_prefactor(params, module.lambda_t(params))[..., None] * p / (192 * np.pi**3 * m_p**2)
    return {"V": pref * (had["V_0"] + had["V_T"]), "A_T": pref * had["A_T"], "A_0": pref * had["A_0"]}


# --- J = 1 hadronic three-vectors in the rest frame of q (invisible-pair rates) -------------------
_METRIC = np.array([1.0, -1.0, -1.0, -1.0])


@cache
def _levi_civita():
    """ε^{μνρσ} with ε^{0123} = +1 (then σ^{μν}γ₅ = (i/2) ε^{μνρσ} σ_ρσ for γ₅ = iγ⁰γ¹γ²γ³)."""
    eps = np.zeros((4, 4, 4, 4))
    for perm in itertools.permutations(range(4)):
        eps[perm] = np.linalg.det(np.eye(4)[list(perm)])
    return eps


def eps_tensor(b: NDArray[Any], c: NDArray[Any]) -> NDArray[Any]:
    """ε^{μνρσ} b_ρ c_σ for contravariant 4-vectors b, c (leading axis 4), shape (4, 4, ...)."""
    lower_b, lower_c = (_METRIC.reshape((4,) + (1,) * (np.ndim(x) - 1)) * x for x in (b, c))
    return np.einsum("mnrs,r...,s...->mn...", _levi_civita(), lower_b, lower_c)


def eps_vector(a: NDArray[Any], b: NDArray[Any], c: NDArray[Any]) -> NDArray[Any]:
    """ε^{μνρσ} a_ν b_ρ c_σ, shape (4, ...)."""
    lower_a = _METRIC.reshape((4,) + (1,) * (np.ndim(a) - 1)) * a
    return np.einsum("mn...,n...->m...", eps_tensor(b, c), lower_a)


def minkowski(a: NDArray[Any], b: NDArray[Any]) -> NDArray[Any]:
    """a·b for 4-vectors on the leading axis."""
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]


def tensor_fields(t: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any]]:
    """(E, B) of an antisymmetric tensor: E^i = T^{0i}, B^i = ½ ε^{ijk} T^{jk}, shapes (3, ...)."""
    return np.stack([t[0, 1], t[0, 2], t[0, 3]]), np.stack([t[2, 3], t[3, 1], t[1, 2]])


def j1_overlaps(vectors: Mapping[str, NDArray[Any]],
                longitudinal_index: int = 0) -> dict[tuple[str, str], tuple[NDArray[Any], NDArray[Any]]]:
    """{(X, Y): (Σ_pol X·Y*, longitudinal part)} for the J = 1 hadronic three-vectors.

    `vectors[X]` has shape (polarisations, 3, ...) and carries a factor √q², so the overlaps are
    q² × the ones of the unscaled vectors (like the other hadronic keys)."""
    out: dict[tuple[str, str], tuple[NDArray[Any], NDArray[Any]]] = {}
    for x, vx in vectors.items():
        for y, vy in vectors.items():
            prod = np.sum(vx * np.conj(vy), axis=1)
            out[(x, y)] = (np.sum(prod, axis=0), prod[longitudinal_index])
    return out


def pseudoscalar_j1(q2: Real, m_p: Real, m_m: Real, f_plus: Real, f_tensor: Real) -> dict[str, NDArray[Any]]:
    """√q² × the J = 1 three-vectors of P → P′ (final meson along −z in the q rest frame):
    V⃗ = 2f₊k⃗ from ⟨P′|q̄′γ^μq|P⟩, E⃗ = T^{0i} from ⟨P′|q̄′σ^{μν}q|P⟩ = −i c_T (p^μk^ν − p^νk^μ),
    c_T = 2f_T/(m_P + m_P′) (docs/conventions.md, "Hadronic matrix elements of densities and tensors"); the
    axial current and B⃗ vanish."""
    root_lam = np.sqrt(np.clip(kallen(m_p**2, m_m**2, q2), 0.0, None))
    zero = np.zeros(np.broadcast_shapes(np.shape(root_lam), np.shape(f_plus), np.shape(f_tensor)))
    c_t = 2 * f_tensor / (m_p + m_m)

    def along_z(z):
        return np.stack(np.broadcast_arrays(zero, zero, z + zero))[None]

    return {"V": along_z(-f_plus * root_lam + 0j), "E": along_z(0.5j * c_t * np.sqrt(q2) * root_lam),
            "A": along_z(zero + 0j), "B": along_z(zero + 0j)}


def pseudoscalar_hadronic(q2: Real, params: Parameters, masses: tuple[str, str], quark_masses: tuple[str, str],
                          f: Mapping[str, NDArray[Any]], j1: bool) -> dict[str, Any]:
    """Squared hadronic amplitudes of P → P′ (B → K, K → π): ⟨P′|q̄′q|P⟩ = (m_P² − m_P′²) f₀/(m_q − m_q′)
    ('S'), q²|H_0|² = λ f₊² of the vector current ('V_0'); pseudoscalar density and axial current
    vanish by parity (b_to_k module docstring for the sources)."""
    m_p, m_m = (trailing(params, m) for m in masses)
    m_heavy, m_light = (trailing(params, m) for m in quark_masses)
    lam = np.clip(kallen(m_p**2, m_m**2, q2), 0.0, None)
    zero = np.zeros_like(lam)
    return {"S": ((m_p**2 - m_m**2) * f["f0"] / (m_heavy - m_light)) ** 2, "P": zero,
            "V_0": lam * f["f+"] ** 2, "V_T": zero, "A_0": zero, "A_T": zero,
            "J1": j1_overlaps(pseudoscalar_j1(q2, m_p, m_m, f["f+"], f["fT"])) if j1 else None}
