"""Tree-level q q̄ → φ φ g in the VLQ model (and its crossings qg → qφφ, q̄g → q̄φφ), by numerical Dirac traces.

For heavy colour-triplet Dirac fermions F_a (mass M_a, width Γ_a) coupled to massless quarks q_p,

    L ⊃ −φ F̄_a (l_a^p P_L + r_a^p P_R) q_p + h.c.,   F and q in the fundamental of SU(3), D = ∂ − i g_s T^b G^b

(models/vlq.py: the charge −1/3 mass states with (l, r) from `charge_minus_third()`, and Q_u with l = ỹ, r = 0),
the amplitude of q_j(p₁) q̄_i(p₂) → φ(k_A) φ(k_B) g(k, ε) is g_s T^b v̄(p₂) ε_μ Γ^μ u(p₁) with six diagrams
(gluon on the quark, on F, on the antiquark; φ's exchanged):

    Γ^μ = Σ_a Σ_{A↔B} [ V̄_a^i S_a(p₁−k−k_A) V_a^j S₀(p₁−k) γ^μ + V̄_a^i S_a(p₁−k_A−k) γ^μ S_a(p₁−k_A) V_a^j
                        + γ^μ S₀(p₁−k_A−k_B) V̄_a^i S_a(p₁−k_A) V_a^j ],
    V_a^j = l_a^j P_L + r_a^j P_R,   V̄_a^i = l_a^{i*} P_R + r_a^{i*} P_L,   S₀(q) = q̸/q²,
    S_a(q) = (q̸ + μ_a)/(q² − μ_a²),   μ_a² = M_a² − i M_a Γ_a   (complex-mass scheme: the gluon Ward identity
                                                                   k_μΓ^μ = 0 holds exactly with the width)

(overall phases dropped). Spin sums Σ|v̄Γu|² = Tr[p̸₂ Γ p̸₁ Γ̄] (massless quarks), two transverse gluon polarisations
(the gauge terms of the sum vanish against the conserved quark current), colour Σ|T^b_{ij}|² = C_F N_c = 4.
Massless quarks do not mix chiralities, so Σ|𝓜|² = 4 g_s² Σ_{X,Y ∈ {L,R}} Σ_ab c_a^{XY} c_b^{XY*} H^{XY}_ab with
c_a^{XY} the product of the couplings of q_i (X) and q_j (Y) to F_a and H^{XY}_ab computed here for unit couplings.
Crossing (one fermion and the gluon crossed): Σ|𝓜(q_j(p₁) g(p) → q_i(p₃) φφ)|² = −Σ|𝓜(p₂ → −p₃, k → −p)|².
For M_a² ≫ ŝ the F propagators shrink to −1/M_a: the contact vertex −2Σ_a V̄_a S V_a → 2(c_R P_R + c_L P_L) of
½C(q̄_i q_j)φ² (docs/collider.md, Signal), checked in tests/test_collider_vlq.py together with gauge invariance and an
independent evaluation with explicit spinors and physical polarisations.
"""

from __future__ import annotations

import numpy as np

METRIC = np.array([1.0, -1.0, -1.0, -1.0])
_I2, _Z2 = np.eye(2), np.zeros((2, 2))
_PAULI = (np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]]))
#: γ^μ in the chiral (Weyl) representation, shape (4, 4, 4): γ⁰ = [[0, 1], [1, 0]], γ^i = [[0, σ^i], [−σ^i, 0]],
#: γ₅ = iγ⁰γ¹γ²γ³ = diag(−1, 1), so P_L = (1 − γ₅)/2 projects on the upper two components (Peskin–Schroeder 3.25).
GAMMA = np.array([np.block([[_Z2, _I2], [_I2, _Z2]])] + [np.block([[_Z2, s], [-s, _Z2]]) for s in _PAULI],
                 dtype=complex)
GAMMA5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
#: upper (0) or lower (1) 2 × 2 block of the right-handed/left-handed projections: P_L = upper, P_R = lower.
#: Γ_XY = P̄_X G P_Y with P_Y = (P_L, P_R)[Y] on the incoming quark, P̄_X = (P_R, P_L)[X] on the outgoing side.
ROW, COLUMN = (1, 0), (0, 1)


def slash(p: np.ndarray) -> np.ndarray:
    """p̸ = γ^μ p_μ for four-vectors p (..., 4) → (..., 4, 4)."""
    return np.einsum("...m,mij->...ij", p * METRIC, GAMMA)


def _minkowski(a, b):
    return np.sum(a * b * METRIC, axis=-1)


def _heavy_propagator(q, mu2):
    """S_a(q) = (q̸ + μ_a)/(q² − μ_a²) for complex μ_a² (a,): q (n, 4) → (n, a, 4, 4)."""
    mu = np.sqrt(mu2)
    numerator = slash(q)[:, None] + mu[None, :, None, None] * np.eye(4)
    return numerator / (_minkowski(q, q)[:, None] - mu2[None, :])[..., None, None]


def _light_propagator(q):
    return slash(q) / _minkowski(q, q)[:, None, None]


def complex_masses(masses, widths) -> np.ndarray:
    """μ_a² = M_a² − i M_a Γ_a."""
    masses, widths = np.asarray(masses, float), np.asarray(widths, float)
    return masses**2 - 1j * masses * widths


def polarisations(k: np.ndarray) -> np.ndarray:
    """Two real transverse polarisation vectors (0, e⃗) with e⃗ ⟂ k⃗ for gluon momenta k (n, 4) → (n, 2, 4);
    Σ_λ ε_μ ε_ν = −g_μν + terms ∝ k_μ, k_ν that vanish against the conserved quark current."""
    n = k[:, 1:] / np.linalg.norm(k[:, 1:], axis=-1, keepdims=True)
    reference = np.where(np.abs(n[:, 2:3]) < 0.9, [[0.0, 0.0, 1.0]], [[1.0, 0.0, 0.0]])
    e1 = np.cross(n, reference)
    e1 /= np.linalg.norm(e1, axis=-1, keepdims=True)
    e2 = np.cross(n, e1)
    zero = np.zeros((len(k), 1))
    return np.stack([np.concatenate([zero, e1], -1), np.concatenate([zero, e2], -1)], axis=1)


def currents(p1, ka, kb, k, mu2, polarisation) -> np.ndarray:
    """G(ε) with Γ = P̄_X G P_Y for unit couplings of chiralities (X, Y): the massless quark propagators and ε̸
    together carry an even number of γ's, so the vertex projectors move to the ends (V̄ S_a V S₀ε̸ = P̄_X S_a S₀ε̸ P_Y,
    …). Momenta (n, 4) with p₁ + p₂ = k_A + k_B + k, μ² (a,), ε (n, λ, 4) → (n, a, λ, 4, 4)."""
    eps = slash(polarisation)[:, None]                                           # (n, 1, λ, 4, 4)
    # S₀(p₁−k)ε̸ and ε̸S₀(p₁−k_A−k_B) are the same for both orderings; the first two diagrams share S_a(p₁−k−k_A)
    light_eps = _light_propagator(p1 - k)[:, None, None] @ eps
    eps_light = eps @ _light_propagator(p1 - ka - kb)[:, None, None]
    total = 0
    for a_mom in (ka, kb):
        heavy = _heavy_propagator(p1 - a_mom, mu2)[:, :, None]                    # S_a(p₁−k_A)
        total = total + _heavy_propagator(p1 - k - a_mom, mu2)[:, :, None] @ (light_eps + eps @ heavy)
        total = total + eps_light @ heavy
    return total


def interference_matrices(p1, p2, ka, kb, k, mu2) -> np.ndarray:
    """H^{XY}_ab = Σ_λ Tr[p̸₂ Γ_a(ε_λ) p̸₁ Γ̄_b(ε_λ)] (n, 2, 2, a, a), Hermitian in (a, b), for unit couplings;
    Σ|𝓜|²/g_s² = 4 Σ c_a c_b* H_ab. Crossed channels: pass the crossed momenta and multiply by −1.

    In the chiral representation Γ_XY is the block G[ROW[X], COLUMN[Y]] and, with p̸ block off-diagonal and
    Γ̄ = γ⁰Γ†γ⁰, Tr[p̸₂ Γ p̸₁ Γ̄] = tr₂[(p̸₂)_{1−r, r} G_rc (p̸₁)_{c, 1−c} G_rc†]."""
    mu2 = np.atleast_1d(np.asarray(mu2, complex))
    g = currents(p1, ka, kb, k, mu2, polarisations(k))                            # (n, a, λ, 4, 4)
    s1, s2 = slash(p1), slash(p2)
    out = np.empty((len(p1), 2, 2, len(mu2), len(mu2)), complex)
    for x, r in enumerate(ROW):
        for y, c in enumerate(COLUMN):
            block = g[..., 2 * r:2 * r + 2, 2 * c:2 * c + 2]                       # (n, a, λ, 2, 2)
            left = s2[:, None, None, 2 * (1 - r):2 * (2 - r), 2 * r:2 * r + 2] @ block
            right = s1[:, None, None, 2 * c:2 * c + 2, 2 * (1 - c):2 * (2 - c)] @ np.conj(np.swapaxes(block, -1, -2))
            out[:, x, y] = np.einsum("naLij,nbLji->nab", left, right)
    return out


def squared_amplitude(h: np.ndarray, couplings_out: np.ndarray, couplings_in: np.ndarray) -> np.ndarray:
    """Σ|𝓜|²/g_s² (colour 4 included) for every flavour pair (i out, j in): H (n, 2, 2, a, a), couplings
    (2, a, n_q) as (l, r) → (n, n_q, n_q) [i, j]. For q_j q̄_i → φφg and its crossings with the same i, j."""
    c = np.conj(couplings_out)[:, None, :, :, None] * couplings_in[None, :, :, None, :]    # (x, y, a, i, j)
    return 4 * np.einsum("xyaij,xybij,nxyab->nij", c, np.conj(c), h).real
