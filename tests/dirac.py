"""Explicit Dirac algebra for the tests' independent amplitude checks (NumPy, no symbolic algebra).

Metric (+,−,−,−), Dirac representation, γ₅ = iγ⁰γ¹γ²γ³, σ^{μν} = (i/2)[γ^μ, γ^ν], C = iγ²γ⁰, ε^{0123} = +1.
"""

import itertools

import numpy as np

I2, Z2 = np.eye(2), np.zeros((2, 2))
SIGMA = [np.array([[0, 1], [1, 0]]), np.array([[0, -1j], [1j, 0]]), np.array([[1, 0], [0, -1]])]
G = [np.block([[I2, Z2], [Z2, -I2]]).astype(complex)] + \
    [np.block([[Z2, s], [-s, Z2]]).astype(complex) for s in SIGMA]
G5 = 1j * G[0] @ G[1] @ G[2] @ G[3]
#: the chiral (Weyl) representation, γ⁰ off-diagonal: γ₅ = diag(−1, −1, 1, 1) (Peskin–Schroeder eq. 3.25)
G_WEYL = [np.block([[Z2, I2], [I2, Z2]]).astype(complex)] + \
    [np.block([[Z2, s], [-s, Z2]]).astype(complex) for s in SIGMA]
G5_WEYL = 1j * G_WEYL[0] @ G_WEYL[1] @ G_WEYL[2] @ G_WEYL[3]
METRIC = np.diag([1.0, -1, -1, -1])
CHARGE_CONJ = 1j * G[2] @ G[0]
SIG = [[0.5j * (G[a] @ G[b] - G[b] @ G[a]) for b in range(4)] for a in range(4)]
# all Dirac structures at once: 1, iγ₅, γ^μ, γ^μγ₅, σ^{μν}, σ^{μν}iγ₅ (contravariant indices)
GAMMA_STACK = np.array([np.eye(4), 1j * G5] + G + [g @ G5 for g in G]
                       + [SIG[a][b] for a in range(4) for b in range(4)]
                       + [SIG[a][b] @ (1j * G5) for a in range(4) for b in range(4)])


def split(values):
    """Bilinears ū Γ v for GAMMA_STACK, as {'S', 'P', 'V', 'A', 'T', 'T5'}."""
    return {"S": values[0], "P": values[1], "V": values[2:6], "A": values[6:10],
            "T": values[10:26].reshape(4, 4), "T5": values[26:42].reshape(4, 4)}


def slash(p):
    return sum(METRIC[m, m] * p[m] * G[m] for m in range(4))


def u_spinor(p, m, s):
    e = p[0]
    xi = np.eye(2)[s]
    sp = sum(p[i + 1] * SIGMA[i] for i in range(3))
    return np.concatenate([np.sqrt(e + m) * xi, sp @ xi / np.sqrt(e + m)])


def bar(spinor):
    return spinor.conj() @ G[0]


def v_spinor(p, m, s):
    """v = C ū^T (charge conjugate of u), so that Majorana fields are consistent."""
    return CHARGE_CONJ @ bar(u_spinor(p, m, s))


def polarisations(k, m):
    """Three real polarisation vectors of a massive vector with momentum k (a basis: the sum
    over them gives −g + kk/m²)."""
    kvec = k[1:]
    kabs = np.linalg.norm(kvec)
    n = kvec / kabs if kabs > 1e-14 else np.array([0.0, 0.0, 1.0])
    e1 = np.cross(n, [0.0, 1.0, 0.0] if abs(n[1]) < 0.9 else [1.0, 0.0, 0.0])
    e1 /= np.linalg.norm(e1)
    e2 = np.cross(n, e1)
    longitudinal = np.concatenate([[kabs / m], k[0] / m * n])
    return [np.concatenate([[0.0], e1]), np.concatenate([[0.0], e2]), longitudinal]


def dot(a, b):
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]


def levi_civita():
    eps = np.zeros((4, 4, 4, 4))
    for perm in itertools.permutations(range(4)):
        eps[perm] = np.linalg.det(np.eye(4)[list(perm)])
    return eps  # ε^{0123} = +1 (convention; |𝓜|² of a single structure does not depend on it)


EPS = levi_civita()


def lower(v):
    return METRIC @ v


