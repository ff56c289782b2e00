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

# In the chiral (Weyl) representation (Peskin–Schroeder 3.25), γ^μ = [[0, σ^μ], [σ̄^μ, 0]] with σ^μ = (1, σ⃗),
# σ̄^μ = (1, −σ⃗), γ₅ = diag(−1, 1): P_L projects on the upper two components, P_R on the lower. A 4 × 4 matrix is a
# 2 × 2 array of 2 × 2 blocks, and a 2 × 2 block is written in the Pauli basis, c₀1 + c⃗·σ⃗, as its four
# coefficients on the FIRST axis (so that each coefficient is a contiguous array over the points):
#   p̸ = [[0, U(p)], [L(p), 0]],   U(p) = p⁰ − p⃗·σ⃗,   L(p) = p⁰ + p⃗·σ⃗,
# products by σ_iσ_j = δ_ij + iε_ijk σ_k, traces by tr(c₀1 + c⃗·σ⃗) = 2c₀, and (c₀1 + c⃗·σ⃗)† has the conjugate
# coefficients. A block matrix is the tuple (B₀₀, B₀₁, B₁₀, B₁₁), None for a zero block.
#: Γ_XY = P̄_X G P_Y with P_Y = (P_L, P_R)[Y] on the incoming quark, P̄_X = (P_R, P_L)[X] on the outgoing side:
#: the block G[ROW[X]][COLUMN[Y]] (P_L = upper, P_R = lower).
ROW, COLUMN = (1, 0), (0, 1)


def _upper(p: np.ndarray) -> np.ndarray:
    """U(p) = p⁰ − p⃗·σ⃗ of four-vectors p (..., 4), the upper-right block of p̸ → (4, ...)."""
    p = np.moveaxis(p, -1, 0)
    return np.stack([p[0], -p[1], -p[2], -p[3]])


def _lower(p: np.ndarray) -> np.ndarray:
    """L(p) = p⁰ + p⃗·σ⃗, the lower-left block of p̸ → (4, ...)."""
    return np.moveaxis(p, -1, 0).copy()


def _product(a, b):
    """(a₀ + a⃗·σ⃗)(b₀ + b⃗·σ⃗) = a₀b₀ + a⃗·b⃗ + (a₀b⃗ + b₀a⃗ + i a⃗ × b⃗)·σ⃗ (coefficients on axis 0, broadcast)."""
    if a is None or b is None:
        return None
    a0, a1, a2, a3 = a
    b0, b1, b2, b3 = b
    return np.stack([a0 * b0 + a1 * b1 + a2 * b2 + a3 * b3,
                     a0 * b1 + a1 * b0 + 1j * (a2 * b3 - a3 * b2),
                     a0 * b2 + a2 * b0 + 1j * (a3 * b1 - a1 * b3),
                     a0 * b3 + a3 * b0 + 1j * (a1 * b2 - a2 * b1)])


def _sum(*terms):
    """Sum of blocks, None (zero) left out."""
    present = [t for t in terms if t is not None]
    return None if not present else present[0] if len(present) == 1 else sum(present[1:], present[0])


def _times(x, y):
    """The block-matrix product x y."""
    return (_sum(_product(x[0], y[0]), _product(x[1], y[2])), _sum(_product(x[0], y[1]), _product(x[1], y[3])),
            _sum(_product(x[2], y[0]), _product(x[3], y[2])), _sum(_product(x[2], y[1]), _product(x[3], y[3])))


def _plus(x, y):
    return tuple(_sum(a, b) for a, b in zip(x, y, strict=True))


def _scaled(factor, x):
    """factor (...) times every block of x."""
    return tuple(None if b is None else factor * b for b in x)


def _slash(p, scale=1.0):
    """p̸ × scale as a block matrix: [[0, U(p)], [L(p), 0]]."""
    return (None, _upper(p) * scale, _lower(p) * scale, None)


def _minkowski(a, b):
    return np.sum(a * b * METRIC, axis=-1)


def _heavy_propagator(q, mu2):
    """S_a(q) = (q̸ + μ_a)/(q² − μ_a²) for complex μ_a² (a,), q (n, 4): (μ_a/D (n, a, 1), q̸/D as a block matrix with
    blocks (4, n, a, 1)), D = q² − μ_a²."""
    inverse = 1 / (_minkowski(q, q)[:, None] - mu2[None, :])[..., None]          # (n, a, 1)
    return np.sqrt(mu2)[None, :, None] * inverse, _slash(q[:, None, None, :], inverse)


def _heavy_times(heavy, x):
    """S_a x for S_a = (scalar, odd part) of `_heavy_propagator`."""
    return _plus(_scaled(heavy[0], x), _times(heavy[1], x))


def _times_heavy(x, heavy):
    """x S_a."""
    return _plus(_scaled(heavy[0], x), _times(x, heavy[1]))


def _light_propagator(q):
    """S₀(q) = q̸/q² (blocks (4, n, 1, 1))."""
    return _slash(q[:, None, None, :], 1 / _minkowski(q, q)[:, None, None])


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


def currents(p1, ka, kb, k, mu2, polarisation) -> tuple:
    """G(ε) with Γ = P̄_X G P_Y for unit couplings of chiralities (X, Y): the massless quark propagators and ε̸
    together carry an even number of γ's, so the vertex projectors move to the ends (V̄ S_a V S₀ε̸ = P̄_X S_a S₀ε̸ P_Y,
    …). Momenta (n, 4) with p₁ + p₂ = k_A + k_B + k, μ² (a,), ε (n, λ, 4) → block matrix, blocks (4, n, a, λ)."""
    eps = _slash(polarisation[:, None])                                           # blocks (4, n, 1, λ)
    # S₀(p₁−k)ε̸ and ε̸S₀(p₁−k_A−k_B) are the same for both orderings; the first two diagrams share S_a(p₁−k−k_A)
    light_eps = _times(_light_propagator(p1 - k), eps)
    eps_light = _times(eps, _light_propagator(p1 - ka - kb))
    total = (None,) * 4
    for a_mom in (ka, kb):
        heavy = _heavy_propagator(p1 - a_mom, mu2)                               # S_a(p₁−k_A)
        inner = _plus(light_eps, _times_heavy(eps, heavy))
        total = _plus(total, _heavy_times(_heavy_propagator(p1 - k - a_mom, mu2), inner))
        total = _plus(total, _times_heavy(eps_light, heavy))
    return total


def interference_matrices(p1, p2, ka, kb, k, mu2) -> np.ndarray:
    """H^{XY}_ab = Σ_λ Tr[p̸₂ Γ_a(ε_λ) p̸₁ Γ̄_b(ε_λ)] (n, 2, 2, a, a), Hermitian in (a, b), for unit couplings;
    Σ|𝓜|²/g_s² = 4 Σ c_a c_b* H_ab. Crossed channels: pass the crossed momenta and multiply by −1.

    With p̸ block off-diagonal and Γ̄ = γ⁰Γ†γ⁰, Γ_XY = G_rc (r, c = ROW[X], COLUMN[Y]) gives
    Tr[p̸₂ Γ p̸₁ Γ̄] = tr₂[(p̸₂)_{1−r, r} G_rc (p̸₁)_{c, 1−c} G_rc†] = 2 Σ_i x_i y_i for the Pauli coefficients x of
    (p̸₂)_{1−r, r} G_rc and y of (p̸₁)_{c, 1−c} G_rc†."""
    mu2 = np.atleast_1d(np.asarray(mu2, complex))
    g = currents(p1, ka, kb, k, mu2, polarisations(k))                            # blocks (4, n, a, λ)
    s1, s2 = _slash(p1[:, None, None, :]), _slash(p2[:, None, None, :])
    n, a = len(p1), len(mu2)
    out = np.empty((n, 2, 2, a, a), complex)
    for x, r in enumerate(ROW):
        for y, c in enumerate(COLUMN):
            block = g[2 * r + c]
            left = _product(s2[2 * (1 - r) + r], block)                          # (4, n, a, λ)
            right = _product(s1[2 * c + 1 - c], np.conj(block))
            left = np.moveaxis(left, 0, -1).reshape(n, a, -1)                    # (n, a, 4λ)
            right = np.moveaxis(right, 0, -1).reshape(n, a, -1)
            out[:, x, y] = 2 * left @ np.swapaxes(right, -1, -2)
    return out


def squared_amplitude(h: np.ndarray, couplings_out: np.ndarray, couplings_in: np.ndarray) -> np.ndarray:
    """Σ|𝓜|²/g_s² (colour 4 included) for every flavour pair (i out, j in): H (n, 2, 2, a, a), couplings
    (2, a, n_q) as (l, r) → (n, n_q, n_q) [i, j]. For q_j q̄_i → φφg and its crossings with the same i, j."""
    c = np.conj(couplings_out)[:, None, :, :, None] * couplings_in[None, :, :, None, :]    # (x, y, a, i, j)
    return 4 * np.einsum("xyaij,xybij,nxyab->nij", c, np.conj(c), h).real
