"""Numerical tree-level matching of leptoquark exchange: explicit Dirac matrices (Weyl basis), charge
conjugation C = iγ²γ⁰ and Grassmann reordering of the four field components (test helper)."""
import itertools

import numpy as np

from .dirac import G5_WEYL, G_WEYL

G, G5 = G_WEYL, G5_WEYL                                          # Weyl representation
G0 = G[0]
ONE = np.eye(4, dtype=complex)
PL, PR = (ONE - G5) / 2, (ONE + G5) / 2
CC = 1j * G[2] @ G[0]                                           # C = iγ²γ⁰, C⁻¹γ^μC = −γ^μT
CINV = np.linalg.inv(CC)
METRIC = np.diag([1.0, -1.0, -1.0, -1.0])
assert all(np.allclose(CINV @ g @ CC, -g.T) for g in G)


def bar(m):
    return G0 @ m.conj().T @ G0


class Bilinear:
    """coefficient × Ā Γ B with A, B = (field, conjugated?, chiral projector); Ā of a conjugated field is
    the bar of (Pψ)^c."""
    def __init__(self, coef, a, gamma, b):
        self.coef, self.a, self.gamma, self.b = coef, a, gamma, b

    def dagger(self):
        return Bilinear(np.conj(self.coef), self.b, bar(self.gamma), self.a)

    def components(self):
        """{((field_a, barred), (field_b, barred)): 4×4 matrix M}: Σ M_{γδ} φ_aγ φ_bδ."""
        (fa, ca, pa), (fb, cb, pb) = self.a, self.b
        # \bar A_α = Σ_γ X_{γα} φ_γ ;  B_β = Σ_δ Y_{βδ} φ_δ
        if not ca:
            x, ka = bar(pa), (fa, True)                 # ψ̄ P̄ : ψ̄_γ (P̄)_{γα}
        else:
            x, ka = -(pa.T @ CINV), (fa, False)         # −ψ^T P^T C⁻¹
        if not cb:
            y, kb = pb, (fb, False)
        else:
            y, kb = CC @ bar(pb).T, (fb, True)          # C (ψ̄ P̄)^T
        return ka, kb, self.coef * x @ self.gamma @ y


def operator(pairs, canonical):
    """Σ over (bilinear1, bilinear2) products → tensor T[α,β,γ,δ] of canonical fields (4 (field, barred))."""
    total = np.zeros((4,) * 4, dtype=complex)
    for b1, b2 in pairs:
        k1a, k1b, m1 = b1.components()
        k2a, k2b, m2 = b2.components()
        keys = [k1a, k1b, k2a, k2b]
        if sorted(keys) != sorted(canonical):
            continue
        perm = [keys.index(c) for c in canonical]
        sign = np.linalg.det(np.eye(4)[perm])            # Grassmann reordering
        t = np.einsum("ab,cd->abcd", m1, m2)
        total += sign * np.transpose(t, perm)
    return total


def eff_lagrangian(currents, vector, canonical):
    """L_eff = ±Σ_c J_c†J_c/M² (M = 1), currents: list over LQ components of lists of Bilinear (with Γ
    carrying a Lorentz index for vectors: list of 4)."""
    out = np.zeros((4,) * 4, dtype=complex)
    for j in currents:
        if vector:
            for mu in range(4):
                jd = [Bilinear(b.coef, b.a, b.gamma[mu], b.b).dagger() for b in j]
                jj = [Bilinear(b.coef * METRIC[mu, mu], b.a, b.gamma[mu], b.b) for b in j]
                out -= operator(list(itertools.product(jd, jj)), canonical)
        else:
            out += operator(list(itertools.product([b.dagger() for b in j], j)), canonical)
    return out


def project(t, basis):
    """Coefficients c_k with t = Σ c_k basis_k (least squares) and the relative residual."""
    a = np.stack([b.ravel() for b in basis], axis=1)
    c, *_ = np.linalg.lstsq(a, t.ravel(), rcond=None)
    res = np.linalg.norm(a @ c - t.ravel()) / max(np.linalg.norm(t.ravel()), 1e-300)
    return c, res


def current_current(g1, g2):
    """(ψ̄1 g1^μ ψ2)(ψ̄3 g2_μ ψ4) as a canonical tensor."""
    return sum(METRIC[m, m] * np.einsum("ab,cd->abcd", g1[m], g2[m]) for m in range(4))


GL = [g @ PL for g in G]
GR = [g @ PR for g in G]
