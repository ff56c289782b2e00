"""CMB energy injection by φφ annihilation after recombination (docs/dark-matter.md, "CMB").

Planck bounds p_ann = f_eff ⟨σv⟩/m_φ (Planck 2018 VI, arXiv:1807.06209, §7.6; `p_ann_Planck2018` in the
inputs) for self-conjugate dark matter, with ⟨σv⟩ at rest: the dark matter is cold at z ~ 600, so only s-wave
channels open at threshold count, with the final-state velocity factor √((1 − z₊²)(1 − z₋²)) (the x → ∞ limit of
`annihilation.thermal_factor`). The efficiency of a final state is Slatyer's (arXiv:1506.03811, eq. (2))

    f_eff = (1/2m_φ) Σ_{γ, e±} ∫ dE E dN/dE f_eff^{γ,e}(E),

with f_eff^{γ}(E), f_eff^{e}(E) of Slatyer's Fig. 3 (data/f_eff_slatyer2016.yaml, linear in ln E, constant beyond
the ends); E is the photon energy and, for e±, the kinetic energy (the curve starts at 5 keV and tends to the
deposition of a positron's annihilation photons), while the weight E dN/dE counts the total energy. Neutrinos are
lost. Mesons are followed through their decays (data/meson_decays.yaml, PDG 2022): the energy a meson deposits,
D(E) = Σ_daughters ⟨E_d f_eff(E_d)⟩, is tabulated once per parameter set as D/E versus the Lorentz factor, built
from the daughters' tables. A daughter of an unpolarised parent is isotropic in the parent frame, so only its
rest-frame energy distribution is needed: fixed for two-body modes, flat phase space for three-body modes (an
approximation for K_ℓ3, K → 3π, η → 3π, η → π⁺π⁻γ), the Michel spectrum for μ → eνν̄ (massless e, PDG 2022
"Muon decay parameters", ρ = δ = 3/4, ξ = 1), with the full helicity of the muon from π, K → μν taken into
account. φφ → γγ through charged-meson loops is included (`sigma_v_photons`): it sets p_ann below the ππ threshold.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.special import roots_legendre

from ..data import package_data
from ..errors import DarkflavError, unknown
from ..parameters import Parameters
from .annihilation import channels
from .relic import cm3_per_s

N_ANGLE = 16  # Gauss–Legendre nodes in the decay angle (the boost average)
N_ENERGY = 24  # … in rest-frame energies (three-body phase space, Michel spectrum)
LORENTZ = np.geomspace(1.0, 1e3, 241)  # tables of D/E; beyond γ = 10³ (m_φ ≳ 100 GeV) D/E is held constant
FINAL_STATES = (("pi+", "pi+"), ("pi0", "pi0"), ("K+", "K+"), ("K0", "K0"), ("eta", "eta"), ("pi0", "eta"))
"""The final states of `annihilation.channels`, in its order (π± stands for either charge, K0 for K⁰ or K̄⁰)."""
STABLE = {"gamma": None, "e": "m_e", "nu": None}


@cache
def _curves() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    data = package_data(__package__, "f_eff_slatyer2016.yaml")
    return {k: (np.log(np.array(data[k]["energy"])), np.array(data[k]["f_eff"])) for k in ("photon", "electron")}


@cache
def _decays() -> dict:
    data = package_data(__package__, "meson_decays.yaml")
    return {k: v for k, v in data.items() if isinstance(v, dict)}


@cache
def _legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    """Gauss–Legendre nodes on [0, 1] with weights summing to 1."""
    x, w = roots_legendre(n)
    return (x + 1) / 2, w / 2


def curve(kind: str, energy) -> np.ndarray:
    """Slatyer's f_eff^{γ}(E) (kind 'photon') or f_eff^{e}(E_kinetic) (kind 'electron'), energies in GeV."""
    log_e, f = _curves()[kind]
    return np.interp(np.log(np.maximum(energy, np.exp(log_e[0]))), log_e, f)


def _mass(name: str, params) -> float:
    if name in STABLE:
        return 0.0 if STABLE[name] is None else params[STABLE[name]]
    return params[_decays()["KS" if name == "K0" else name]["mass"]]


def _two_body_energy(m_parent, m_a, m_b):
    """Energy of daughter a in the rest frame of the parent (two-body kinematics, PDG Kinematics review)."""
    return (m_parent**2 + m_a**2 - m_b**2) / (2 * m_parent)


def _kallen(a, b, c):
    return np.clip(a * a + b * b + c * c - 2 * (a * b + a * c + b * c), 0.0, None)


def _three_body(m_parent, m, i: int):
    """Rest-frame energies and weights of daughter i of a three-body decay with flat |𝓜|²: m²_jk is distributed
    as λ^½(M², m_i², m²_jk) λ^½(m²_jk, m_j², m_k²)/m²_jk (the Dalitz-plot boundaries of the PDG Kinematics review)."""
    j, k = (n for n in range(3) if n != i)
    lo, hi = (m[j] + m[k]) ** 2, (m_parent - m[i]) ** 2
    t, w = _legendre(N_ENERGY)
    s = lo + (hi - lo) * t
    w = w * np.sqrt(_kallen(m_parent**2, m[i] ** 2, s) * _kallen(s, m[j] ** 2, m[k] ** 2)) / s
    return _two_body_energy(m_parent, m[i], np.sqrt(s)), w / w.sum()


def _michel(m_mu, boost=1.0, polarised=False):
    """Electron energies and weights from μ → eνν̄: x²[(3 − 2x) − (2x − 1) cos θ] dx dcos θ (massless e; PDG 2022
    "Muon decay parameters", eq. (1) with ρ = δ = 3/4, ξ = 1). For a muon from π, K → μν (helicity ∓1 for μ±, the
    e± preferentially backwards) θ is the angle to the muon momentum and the energies are boosted by γ = `boost`
    into the meson frame; unpolarised, the angular term averages out."""
    x, wx = _legendre(N_ENERGY)
    c, wc = _legendre(2)  # the angular weight is linear in cos θ
    x, c = x[:, None], 2 * c[None, :] - 1
    beta = np.sqrt(1 - 1 / boost**2)
    weight = x**2 * ((3 - 2 * x) - polarised * (2 * x - 1) * c) * wx[:, None] * wc[None, :]
    energy = boost * x * m_mu / 2 * (1 + beta * c)
    return energy.ravel(), (weight / weight.sum()).ravel()


def _rest_frame(parent: str, daughters: list[str], params):
    """[(daughter, energies, weights)] in the parent's rest frame for one decay mode (neutrinos dropped)."""
    m_parent = _mass(parent, params)
    masses = [_mass(d, params) for d in daughters]
    if parent == "mu":
        return [("e", *_michel(m_parent))]
    out = []
    for i, d in enumerate(daughters):
        if d == "nu":
            continue
        if len(daughters) == 2:
            energy = _two_body_energy(m_parent, masses[i], masses[1 - i])
            if d == "mu":  # helicity of the muon from a spin-0 meson: follow it to the electron
                out.append(("e", *_michel(masses[i], energy / masses[i], polarised=True)))
            else:
                out.append((d, np.atleast_1d(energy), np.ones(1)))
        else:
            out.append((d, *_three_body(m_parent, masses, i)))
    return out


def _boosted(name, energies, weights, lorentz, params, tables):
    """Σ_j w_j ⟨D(γ(ε_j + β k_j cos α))⟩ over isotropic directions, for parent Lorentz factors `lorentz`."""
    c, wc = _legendre(N_ANGLE)
    c = 2 * c - 1
    gamma = np.asarray(lorentz)[..., None, None]
    beta = np.sqrt(1 - 1 / gamma**2)
    momentum = np.sqrt(np.clip(energies**2 - _mass(name, params) ** 2, 0.0, None))
    lab = gamma * (energies[:, None] + beta * momentum[:, None] * c)
    return np.sum(weights[:, None] * wc * _deposit(name, lab, params, tables), axis=(-2, -1))


def _deposit(name, energy, params, tables):
    """D(E) = Σ_daughters ⟨E_d f_eff(E_d)⟩ in GeV for a particle of energy E."""
    if name == "gamma":
        return energy * curve("photon", energy)
    if name == "e":
        return energy * curve("electron", energy - params["m_e"])
    if name == "nu":
        return np.zeros_like(energy)
    if name == "K0":  # K⁰K̄⁰ from φφ (C = +): K_S K_S or K_L K_L, equally often
        return 0.5 * (_deposit("KS", energy, params, tables) + _deposit("KL", energy, params, tables))
    lorentz = energy / _mass(name, params)
    return energy * np.interp(np.log(lorentz), np.log(LORENTZ), tables[name])


#: relative spread of sampled hadron masses within which one deposition table serves them all
MAX_MASS_SPREAD = 1e-3


def _tables(params) -> dict[str, np.ndarray]:
    """D/E on the LORENTZ grid per unstable particle, daughters before parents; at the mean masses where the
    inputs are sampled (uncertainties: their relative spread, ≤ 10⁻⁴, is far below that of the f_eff curves); arrays
    of these masses spread further are refused (the tables are built once per parameter set)."""
    names = {STABLE[n] for n in STABLE if STABLE[n]} | {d["mass"] for d in _decays().values()}
    sampled = {n: float(np.mean(params[n])) for n in names if np.ndim(params[n])}
    for name, mean in sampled.items():
        if np.ptp(params[name]) > MAX_MASS_SPREAD * mean:
            raise DarkflavError(f"p_ann takes arrays of {name} that vary by at most {MAX_MASS_SPREAD:g} relative (the "
                                f"energy-deposition tables are built at their mean); got {params[name]!r}: compute "
                                "one value at a time")
    if sampled:
        params = params.replace(sampled)

    def build():
        tables = {}
        for parent in ("mu", "pi0", "pi+", "K+", "KS", "KL", "eta"):
            total = 0.0
            for mode in _decays()[parent]["modes"]:
                for d, energies, weights in _rest_frame(parent, mode["daughters"], params):
                    total = total + mode["branching_ratio"] * _boosted(d, energies, weights, LORENTZ, params, tables)
            tables[parent] = total / (LORENTZ * _mass(parent, params))
        return tables
    return params.memo(("cmb deposit tables",), build)


PARTICLES = ("gamma", "e", "nu", "mu", "pi0", "pi+", "K+", "K0", "KS", "KL", "eta")


def particle_efficiency(particle: str, energy, params: Parameters | None = None) -> np.ndarray:
    """D(E)/E: the fraction of a particle's energy E (GeV) deposited, weighted by f_eff, after all decays."""
    params = params or Parameters.default()
    if particle not in PARTICLES:
        raise unknown("particle", particle, PARTICLES)
    energy = np.asarray(energy, dtype=float)
    if np.any(energy < _mass(particle, params)) or not np.all(np.isfinite(energy)):
        raise DarkflavError(f"energy of {particle} must be finite and ≥ its mass {_mass(particle, params):.6g} GeV")
    return _deposit(particle, energy, params, _tables(params)) / energy


def f_eff(final_state, mass, params: Parameters | None = None) -> np.ndarray:
    """f_eff of φφ → a b at rest (√s = 2m_φ; `final_state` e.g. ('pi0', 'pi0') or 'pi+ pi+'); 0 where closed."""
    params = params or Parameters.default()
    a, b = final_state.split() if isinstance(final_state, str) else final_state
    for p in (a, b):
        if p not in PARTICLES:
            raise unknown("particle", p, PARTICLES)
    mass = np.asarray(mass, dtype=float)
    m_a, m_b = _mass(a, params), _mass(b, params)
    rs = 2 * mass
    open_ = rs > m_a + m_b
    rs_open = np.where(open_, rs, m_a + m_b + 1.0)  # placeholder energies where closed (masked below)
    tables = _tables(params)
    deposit = (_deposit(a, _two_body_energy(rs_open, m_a, m_b), params, tables)
               + _deposit(b, _two_body_energy(rs_open, m_b, m_a), params, tables))
    return np.where(open_, deposit / rs_open, 0.0)


def _scalar_loop(tau):
    """A₀(τ) = [f(τ) − τ]/τ² of a charged scalar in the loop of S → γγ, τ = M_S²/(4m²), f(τ) = arcsin²√τ (τ ≤ 1),
    −¼[ln((1 + √(1 − 1/τ))/(1 − √(1 − 1/τ))) − iπ]² (τ > 1); A₀ → ⅓ for τ → 0 (Djouadi, Phys. Rept. 457 (2008) 1,
    arXiv:hep-ph/0503172, the H → γγ form factors)."""
    tau = np.asarray(tau, dtype=float)
    below = np.arcsin(np.sqrt(np.minimum(tau, 1.0))) ** 2
    root = np.sqrt(np.clip(1 - 1 / tau, 0.0, 1.0 - 1e-300))
    above = -0.25 * (np.log((1 + root) / (1 - root)) - 1j * np.pi) ** 2
    return (np.where(tau <= 1, below, above) - tau) / tau**2


def sigma_v_photons(theory, params: Parameters | None = None) -> np.ndarray:
    """σv(φφ → γγ) at rest in GeV⁻², from the π± and K± loops attached to the φφMM̄ contact vertices
    (O(p⁴) chiral perturbation theory has no φφγγ counterterm, so the loops are finite):

        σv = α² m_φ² |Σ_M 𝓜(φφ → M⁺M⁻) A₀(m_φ²/m_M²)/m_M²|² / (128π³)    [derived]

    from Γ(S → γγ) of a scalar of mass 2m_φ coupled to M⁺M⁻ (Djouadi, arXiv:hep-ph/0503172, Γ(H → γγ) with
    the scalar-loop amplitude weighted by g v/(2m_M²), g = 𝓜(S → M⁺M⁻)) and σv = Σ|𝓜|²/(64π m_φ²) for two
    identical massless particles.
    The signs of the 𝓜 are those of C_u + C_d (π) and C_u + C_s (K), the B's being positive."""
    params = params or Parameters.default()
    coeff = {q: np.asarray(theory.coefficients(q + q).get("CS", 0.0)).real for q in "uds"}
    ch = channels(theory, params)
    m = theory.mass
    amplitude = 0.0
    for (amp2, _, m_meson, _), sign in ((ch[0], np.sign(coeff["u"] + coeff["d"])),
                                        (ch[2], np.sign(coeff["u"] + coeff["s"]))):
        amplitude = amplitude + sign * np.sqrt(amp2) * _scalar_loop(m**2 / m_meson**2) / m_meson**2
    return params["alpha_e(0)"] ** 2 * m**2 * np.abs(amplitude) ** 2 / (128 * np.pi**3)


def sigma_v_at_rest(theory, params: Parameters | None = None) -> list[np.ndarray]:
    """σv (GeV⁻²) at zero velocity per channel of FINAL_STATES: |𝓜|² √((1 − z₊²)(1 − z₋²))/(32π m² S_f), zero
    for channels closed at threshold (docs/dark-matter.md, "Annihilation into mesons: chiral amplitudes"; the
    x → ∞ limit of annihilation.thermal_factor)."""
    params = params or Parameters.default()
    m = theory.mass
    out = []
    for amp2, symmetry, m1, m2 in channels(theory, params):
        z_plus, z_minus = (m1 + m2) / (2 * m), abs(m1 - m2) / (2 * m)
        velocity = np.where(z_plus < 1, np.sqrt(np.abs((1 - z_plus**2) * (1 - z_minus**2))), 0.0)
        out.append(amp2 * velocity / (32 * np.pi * m**2 * symmetry))
    return out


def p_ann(theory, params: Parameters | None = None) -> np.ndarray:
    """p_ann = Σ_channels f_eff σv / m_φ at rest in cm³ s⁻¹ GeV⁻¹, including φφ → γγ (f_eff^γ(m_φ))."""
    params = params or Parameters.default()
    m = theory.mass
    if np.any(m <= 0):
        raise DarkflavError(f"dark-matter mass = {m} GeV must be > 0 for p_ann (σv/m at rest)")
    total = f_eff(("gamma", "gamma"), m, params) * sigma_v_photons(theory, params)
    for final_state, sigma_v in zip(FINAL_STATES, sigma_v_at_rest(theory, params), strict=True):
        total = total + f_eff(final_state, m, params) * sigma_v
    return total / m * cm3_per_s(params)


def excluded(theory, params: Parameters | None = None) -> np.ndarray:
    """True where p_ann exceeds Planck's 95 % CL bound."""
    params = params or Parameters.default()
    return p_ann(theory, params) > params["p_ann_Planck2018"]
