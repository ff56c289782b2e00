"""B → K*: hadronic amplitudes of every quark bilinear, for νν̄ and for invisible pairs.

Helicity amplitudes (Buras et al. arXiv:1409.4557 eqs. (3.5)–(3.8); BSZ arXiv:1503.05534 eq. (3)):
vector current |H_+|² + |H_−|² = 2 (2 m_B |p| V/(m_B + m_V))²; axial current |H_±|² summed
2 (m_B + m_V)² A₁², |H_0|² = 64 m_B² m_V² A₁₂²/q², |H_t|² = λ A₀²/q²;
|⟨K*|s̄γ₅b|B⟩|² = λ A₀²/(m_b + m_s)² (equations of motion); scalar density vanishes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ..arrays import Real
from ..ckm import lambda_q
from ..hadronic import b_to_kstar as ff
from ..hadronic.zexpansion import trailing
from ..kinematics import kallen
from ..parameters import Parameters
from .common import eps_tensor, eps_vector, j1_overlaps, minkowski, tensor_fields

MODES = {"B+": ("m_B+", "m_K*+", "tau_B+"), "B0": ("m_B0", "m_K*0", "tau_B0")}
FLAVOUR = "sb"
QUARK_MASSES = ("m_b(m_b)", "m_s(2GeV)")


def lambda_t(params: Parameters) -> NDArray[np.complex128]:
    """CKM factor of the neutrino operators, V_tb V*_ts."""
    return lambda_q("t", "s", "b", params)


def q2_max(params: Parameters, mode: str) -> NDArray[np.float64]:
    m_b, m_v, _ = MODES[mode]
    return (np.asarray(params[m_b]) - np.asarray(params[m_v])) ** 2


def hadronic(q2: Real, params: Parameters, mode: str, j1: bool = False) -> dict[str, NDArray[Any] | None]:
    """As `b_to_k.hadronic`: 'S', 'P' (J = 0) and q² × |H|² of 'V_0', 'V_T', 'A_0', 'A_T'."""
    m_b, m_v, _ = MODES[mode]
    return vector_hadronic(q2, params, m_b, m_v, ff.form_factors(q2, params), j1)


def vector_hadronic(q2: Real, params: Parameters, initial: str, final: str, f: Mapping[str, NDArray[Any]],
                    j1: bool) -> dict[str, NDArray[Any] | None]:
    """Squared hadronic amplitudes of a pseudoscalar → vector transition (module docstring)."""
    mb, mv = trailing(params, initial), trailing(params, final)
    m_heavy, m_light = (trailing(params, m) for m in QUARK_MASSES)
    lam = np.clip(kallen(mb**2, mv**2, q2), 0.0, None)
    zero = np.zeros_like(lam)
    return {"S": zero, "P": lam * f["A0"] ** 2 / (m_heavy + m_light) ** 2,
            "V_0": zero, "V_T": q2 * 2 * lam * f["V"] ** 2 / (mb + mv) ** 2,
            "A_0": 64 * mb**2 * mv**2 * f["A12"] ** 2, "A_T": q2 * 2 * (mb + mv) ** 2 * f["A1"] ** 2,
            "J1": j1_overlaps(j1_vectors(q2, mb, mv, f)) if j1 else None}


def j1_vectors(q2: Real, mb: NDArray[Any], mv: NDArray[Any],
               f: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[np.complex128]]:
    """√q² × the J = 1 three-vectors V⃗, A⃗, E⃗, B⃗ in the q rest frame (K* along −z), per K*
    polarisation (longitudinal first), from the covariant matrix elements of BSZ arXiv:1503.05534
    eqs. (1)–(3) with ε^{0123} = +1:
      ⟨K*|s̄γ^μb|B⟩ = 2V/(m_B + m_V) ε^{μνρσ}ε*_ν p_ρ k_σ,
      ⟨K*|s̄γ^μγ₅b|B⟩ (spatial part, q⃗ = 0) = i[(m_B + m_V)A₁ ε*^μ − A₂ (ε*·q) P^μ/(m_B + m_V)],
      ⟨K*|s̄σ^{μν}b|B⟩ = −T₁ ε^{μνρσ}ε*_ρP_σ + a₂ ε^{μνρσ}ε*_ρq_σ + a₃ (ε*·q) ε^{μνρσ}P_ρq_σ,
    a₂ = (m_B² − m_V²)(T₁ − T₂)/q², a₃ = (T₂ − T₁ + T₃ q²/(m_B² − m_V²))/q², the solution of
    ⟨σ^{μν}⟩q_ν = 2T₁ ε^{μνρσ}ε*_νp_ρk_σ and ⟨σ^{μν}γ₅⟩q_ν (T₂, T₃) with σγ₅ = (i/2)εσ.
    """
    sq = np.sqrt(q2)
    k_abs = np.sqrt(np.clip(kallen(mb**2, mv**2, q2), 0.0, None)) / (2 * sq)
    e_k = (mb**2 - mv**2 - q2) / (2 * sq)
    shape = np.broadcast_shapes(np.shape(k_abs), np.shape(e_k), *(np.shape(v) for v in f.values()))
    sq, k_abs, e_k = (np.broadcast_to(x, shape) for x in (sq, k_abs, e_k))  # masses may be arrays (overrides)
    zero, one = np.zeros_like(k_abs), np.ones_like(k_abs)
    k = np.stack([e_k, zero, zero, -k_abs])
    q = np.stack([sq, zero, zero, zero])
    p = k + q
    big_p = p + k
    polarisations = [np.stack([k_abs, zero, zero, -e_k]) / mv,  # longitudinal
                     np.stack([zero, one, zero, zero]), np.stack([zero, zero, one, zero])]
    delta = mb**2 - mv**2
    a2 = delta * (f["T1"] - f["T2"]) / q2
    a3 = (f["T2"] - f["T1"] + f["T3"] * q2 / delta) / q2
    out: dict[str, list[Any]] = {"V": [], "A": [], "E": [], "B": []}
    for eps in polarisations:
        eq = minkowski(eps, q)
        out["V"].append(2 * f["V"] / (mb + mv) * eps_vector(eps, p, k)[1:])
        out["A"].append(1j * ((mb + mv) * f["A1"] * eps[1:] - f["A2"] * eq * big_p[1:] / (mb + mv)))
        tensor = -f["T1"] * eps_tensor(eps, big_p) + a2 * eps_tensor(eps, q) + a3 * eq * eps_tensor(big_p, q)
        e_field, b_field = tensor_fields(tensor)
        out["E"].append(e_field)
        out["B"].append(b_field)
    return {x: sq * np.stack(v).astype(complex) for x, v in out.items()}
