"""Shared kinematics of the collider processes: four-vectors, beams, boosts, two-body decays, rotations, units.

Four-vectors are (E, p_x, p_y, p_z) in GeV, arrays (n, 4) (or (..., 4) where said); beam 1 runs along +z. The
metric is (+, −, −, −).
"""

from __future__ import annotations

import numpy as np


def fb_per_inverse_gev2(params) -> float:
    """1 GeV⁻² in fb: (ħc)² / (10⁻³⁹ cm²) (the definition of the femtobarn)."""
    return params["hbar_c"] ** 2 / 1e-39


def four_vector(mt, px, y):
    """(m_T cosh y, p_x, 0, m_T sinh y): a particle of transverse mass m_T and rapidity y whose transverse momentum
    p_x lies along ±x (the frame of `phase_space.two_to_two`)."""
    return np.stack([mt * np.cosh(y), px, 0 * px, mt * np.sinh(y)], axis=-1)


def invariant_mass(p):
    """√(E² − p⃗²) of four-vectors p (..., 4), 0 where rounding makes the square negative."""
    return np.sqrt(np.clip(p[..., 0] ** 2 - np.sum(p[..., 1:] ** 2, axis=-1), 0, None))


def beams(x1: np.ndarray, x2: np.ndarray, sqrt_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Four-momenta (n, 4) of the incoming partons, x₁√s/2 along +z and x₂√s/2 along −z."""
    half, zeros = sqrt_s / 2, np.zeros_like(x1)
    return (np.stack([x1 * half, zeros, zeros, x1 * half], axis=1),
            np.stack([x2 * half, zeros, zeros, -x2 * half], axis=1))


def boost(p, beta):
    """Boost four-vectors p (..., 4) by velocity beta (..., 3)."""
    b2 = np.sum(beta**2, axis=-1, keepdims=True)
    gamma = 1 / np.sqrt(1 - b2)
    bp = np.sum(beta * p[..., 1:], axis=-1, keepdims=True)
    factor = np.where(b2 > 0, (gamma - 1) * bp / np.where(b2 > 0, b2, 1), 0.0)
    return np.concatenate([gamma * (p[..., :1] + bp), p[..., 1:] + factor * beta + gamma * p[..., :1] * beta], axis=-1)


def boost_from_rest_frame(p: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Four-momenta p (n, 4) given in the rest frame of `total` (n, 4), boosted to the frame where it is `total`."""
    mass = np.sqrt(np.maximum(total[:, 0] ** 2 - (total[:, 1:] ** 2).sum(axis=1), 0.0))
    beta = total[:, 1:] / total[:, :1]
    gamma = total[:, 0] / mass
    bp = (beta * p[:, 1:]).sum(axis=1)
    b2 = (beta**2).sum(axis=1)
    coefficient = np.where(b2 > 0, (gamma - 1) * bp / np.where(b2 > 0, b2, 1.0), 0.0) + gamma * p[:, 0]
    return np.concatenate([(gamma * (p[:, 0] + bp))[:, None], p[:, 1:] + coefficient[:, None] * beta], axis=1)


def two_body_decay(parent, mass, m1, m2, cos, azimuth):
    """Two-body decay parent (n, 4) of mass `mass` (n,) → (p₁, p₂) with masses m1, m2 at angles in its rest frame."""
    p_star = np.sqrt(np.clip((mass**2 - (m1 + m2) ** 2) * (mass**2 - (m1 - m2) ** 2), 0, None)) / (2 * mass)
    sin = np.sqrt(1 - cos**2)
    direction = np.stack([sin * np.cos(azimuth), sin * np.sin(azimuth), cos], axis=-1) * p_star[:, None]
    a = np.concatenate([np.sqrt(p_star**2 + m1**2)[:, None], direction], axis=-1)
    b = np.concatenate([np.sqrt(p_star**2 + m2**2)[:, None], -direction], axis=-1)
    beta = parent[:, 1:] / parent[:, :1]
    return boost(a, beta), boost(b, beta)


def isotropic_pair(total: np.ndarray, m: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two particles of mass m from the decay of `total` (n, 4), isotropic in its rest frame."""
    n = len(total)
    q = np.sqrt(np.maximum(total[:, 0] ** 2 - (total[:, 1:] ** 2).sum(axis=1), 0.0))
    p = np.sqrt(np.maximum(q**2 / 4 - m**2, 0.0))
    cos_theta, azimuth = 2 * rng.random(n) - 1, 2 * np.pi * rng.random(n)
    sin_theta = np.sqrt(1 - cos_theta**2)
    direction = np.stack([sin_theta * np.cos(azimuth), sin_theta * np.sin(azimuth), cos_theta], axis=1)
    first = np.concatenate([(q / 2)[:, None], p[:, None] * direction], axis=1)
    second = np.concatenate([(q / 2)[:, None], -p[:, None] * direction], axis=1)
    return boost_from_rest_frame(first, total), boost_from_rest_frame(second, total)


def rotate_z(p: np.ndarray, angle: np.ndarray) -> np.ndarray:
    """Rotate four-momenta p (n, k, 4) about the beam axis by angle (n,)."""
    c, s = np.cos(angle)[:, None], np.sin(angle)[:, None]
    out = p.copy()
    out[..., 1], out[..., 2] = c * p[..., 1] - s * p[..., 2], s * p[..., 1] + c * p[..., 2]
    return out
