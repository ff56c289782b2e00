"""The observable registry: names (flavio-like) → vectorised predictions and uncertainties.

    >>> import darkflav
    >>> darkflav.predict("BR(B+->K+ nu nu)", darkflav.NeutrinoWET(C_R={"tautau": -15.4}))
    >>> darkflav.uncertainty("R_K*(nu nu)", theory)

Every prediction broadcasts over the theory's coefficient arrays and over array-valued parameters;
q² arguments add a trailing axis. B-decay rates are quadratic forms in the coefficients with
q²-integrated kernels computed once per parameter set on a fixed Gauss–Legendre grid, so a million
coefficient points cost a few array operations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, is_dataclass

import numpy as np

from .decays import (
    b_to_c,
    b_to_k,
    b_to_k_ll,
    b_to_kstar,
    b_to_s_gamma,
    bs_to_phi,
    dark_pairs,
    higgs,
    k_to_pi,
    leptonic,
    two_body,
)
from .decays.b_to_s_gamma import DipoleWET
from .decays.common import c_left_sm, check_bin, check_q2, coherent_sums, nunu_density, q2_nodes
from .decays.higgs import HeavyQuarks
from .eft import ChargedLeptonWET, DarkEFT, InvisibleBoson, NeutrinoWET
from .errors import DarkflavError, finite_array, unknown
from .parameters import Parameters


@dataclass(frozen=True)
class Observable:
    """A named prediction: function(theory, params, **arguments) → array."""

    name: str
    function: Callable
    sector: str
    description: str
    arguments: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    unit: str = "1"
    aliases: tuple[str, ...] = field(default=())
    kind: str = "nunu"  # NeutrinoWET; "dark": DarkEFT(s); "invisible": both summed; "boson"; "charged"; "deltaf2";
    #                   "dipole": DipoleWET (b → sγ); "higgs": HeavyQuarks (h → gg, γγ)


REGISTRY: dict[str, Observable] = {}
ALIASES: dict[str, str] = {}


def register(obs: Observable) -> None:
    REGISTRY[obs.name] = obs
    for alias in obs.aliases:
        ALIASES[alias] = obs.name


def get(name: str) -> Observable:
    """The observable of that name (or flavio alias), else DarkflavError with a suggestion."""
    name = ALIASES.get(name, name)
    if name not in REGISTRY:
        raise unknown("observable", name, list(REGISTRY) + list(ALIASES))
    return REGISTRY[name]


# --- B decays: quadratic forms with q²-integrated kernels ---------------------------------------
_B_MODULES = {"K": b_to_k, "K*": b_to_kstar, "phi": bs_to_phi}
_SUM_INDEX = {"V": 0, "A_T": 1, "A_0": 1}  # which coherent sum (C₊ or C₋) a component multiplies


def _kernels(params, meson: str, mode: str, q2min=None, q2max=None) -> dict[str, np.ndarray]:
    """∫ dΓ/dq² per unit coherent sum, per component, over [q2min, q2max] (default: full range)."""
    module = _B_MODULES[meson]

    def compute():
        lo = 0.0 if q2min is None else q2min
        hi = module.q2_max(params, mode) if q2max is None else q2max
        nodes, weights = q2_nodes(lo, hi)
        density = nunu_density(module, nodes, params, mode)
        return {k: np.sum(weights * v, axis=-1) for k, v in density.items()}

    key = tuple(None if x is None else np.asarray(x, dtype=float).tobytes() for x in (q2min, q2max))
    return params.memo(("kernels", meson, mode, key), compute)


def _tau_over_hbar(params, meson: str, mode: str):
    return np.asarray(params[_B_MODULES[meson].MODES[mode][2]]) / params["hbar"]


def _combine(kernels: dict, sums: tuple) -> np.ndarray:
    """Σ_k K_k · S_{index(k)}, broadcasting kernels (parameters) against sums (coefficients)."""
    return sum(np.asarray(v) * sums[_SUM_INDEX[k]] for k, v in kernels.items())


def _b_br(meson, mode):
    def f(theory, params):
        sums = coherent_sums(theory, c_left_sm(params))
        return _tau_over_hbar(params, meson, mode) * _combine(_kernels(params, meson, mode), sums)
    return f


def _b_dbr(meson, mode):
    def f(theory, params, q2):
        module = _B_MODULES[meson]
        q2 = check_q2(q2, module.q2_max(params, mode), f"B{mode[1:]}→{meson}νν̄")
        scalar = q2.ndim == 0
        density = nunu_density(module, np.atleast_1d(q2), params, mode)
        sums = [s[..., None] for s in coherent_sums(theory, c_left_sm(params))]
        out = _tau_over_hbar(params, meson, mode)[..., None] * _combine(density, sums)
        return out[..., 0] if scalar else out
    return f


def _b_binned(meson, mode):
    def f(theory, params, q2min, q2max):
        lo, hi = _scalar_bin(meson, mode, params, q2min, q2max)
        sums = coherent_sums(theory, c_left_sm(params))
        kernels = _kernels(params, meson, mode, lo, _bin_top(meson, mode, params, hi))
        return _tau_over_hbar(params, meson, mode) * _combine(kernels, sums) / (hi - lo)
    return f


def _one_bin(module, mode, params, q2min, q2max, what):
    """(q2min, q2max) as floats after the checks of `check_bin`: one bin per call."""
    if np.ndim(q2min) or np.ndim(q2max):
        raise DarkflavError("q2min and q2max must be single numbers (one bin per call)")
    check_bin(q2min, q2max, module.q2_max(params, mode), what)
    return float(q2min), float(q2max)


def _scalar_bin(meson, mode, params, q2min, q2max):
    return _one_bin(_B_MODULES[meson], mode, params, q2min, q2max, f"B→{meson}νν̄")


def _bin_top(meson, mode, params, q2max):
    """Upper integration limit: the bin edge, or the kinematic end point if that comes first."""
    return np.minimum(q2max, _B_MODULES[meson].q2_max(params, mode))


def _fl(theory, params, mode, kernels):
    s_plus, s_minus = coherent_sums(theory, c_left_sm(params))
    total = _combine(kernels, (s_plus, s_minus))
    return np.asarray(kernels["A_0"]) * s_minus / total


def _fl_total(mode):
    def f(theory, params, q2=None):
        if q2 is None:
            return _fl(theory, params, mode, _kernels(params, "K*", mode))
        end = b_to_kstar.q2_max(params, mode)
        q2 = check_q2(q2, end, "B→K*νν̄")
        scalar = q2.ndim == 0
        # at zero recoil every amplitude vanishes: take F_L as the limit from just below
        q2 = np.minimum(np.atleast_1d(q2), np.asarray(end)[..., None] * (1 - 1e-9))
        density = nunu_density(b_to_kstar, q2, params, mode)
        sums = [s[..., None] for s in coherent_sums(theory, c_left_sm(params))]
        out = density["A_0"] * sums[1] / _combine(density, sums)
        return out[..., 0] if scalar else out
    return f


def _fl_binned(mode):
    def f(theory, params, q2min, q2max):
        lo, hi = _scalar_bin("K*", mode, params, q2min, q2max)
        return _fl(theory, params, mode,
                   _kernels(params, "K*", mode, lo, _bin_top("K*", mode, params, hi)))
    return f


def _ratio(meson, mode):
    """B/B_SM: (Σ_k K_k S_k) / (Σ_k K_k S_k^SM), S^SM = 3|C_L^SM|²."""
    def f(theory, params):
        c_sm = c_left_sm(params)
        kernels = _kernels(params, meson, mode)
        sm = 3 * np.abs(c_sm) ** 2
        return _combine(kernels, coherent_sums(theory, c_sm)) / _combine(kernels, (sm, sm))
    return f


# --- K decays ---------------------------------------------------------------------------------
def _k_br(mode):
    def f(theory, params):
        return k_to_pi.branching_ratio(theory, params, mode)
    return f


def _k_dbr(mode):
    def f(theory, params, q2):
        q2 = check_q2(q2, k_to_pi.q2_max(params, mode), "K→πνν̄")
        scalar = q2.ndim == 0
        shape = k_to_pi.spectrum_shape(np.atleast_1d(q2), params, mode)
        out = k_to_pi.branching_ratio(theory, params, mode)[..., None] * shape
        return out[..., 0] if scalar else out
    return f


def _k_binned(mode):
    def f(theory, params, q2min, q2max):
        end = k_to_pi.q2_max(params, mode)
        lo, hi = _one_bin(k_to_pi, mode, params, q2min, q2max, "K→πνν̄")
        nodes, weights = q2_nodes(lo, np.minimum(hi, end))
        fraction = np.sum(weights * k_to_pi.spectrum_shape(nodes, params, mode), axis=-1)
        return k_to_pi.branching_ratio(theory, params, mode) * fraction / (hi - lo)
    return f


# --- the registry --------------------------------------------------------------------------------
_B_MODES = {  # name in observable → (meson, mode, flavio name)
    "B+->K+ nu nu": ("K", "B+", "B+->Knunu"),
    "B0->K0 nu nu": ("K", "B0", "B0->Knunu"),
    "B+->K*+ nu nu": ("K*", "B+", "B+->K*nunu"),
    "B0->K*0 nu nu": ("K*", "B0", "B0->K*nunu"),
    "Bs->phi nu nu": ("phi", "Bs", "Bs->phinunu"),
}
for _name, (_meson, _mode, _flavio) in _B_MODES.items():
    register(Observable(f"BR({_name})", _b_br(_meson, _mode), "sb",
                        f"Branching ratio of {_name}, summed over neutrino flavours",
                        aliases=(f"BR({_flavio})",)))
    register(Observable(f"dBR/dq2({_name})", _b_dbr(_meson, _mode), "sb",
                        f"Differential branching ratio of {_name}", ("q2",), unit="GeV^-2",
                        aliases=(f"dBR/dq2({_flavio})",)))
    register(Observable(f"<dBR/dq2>({_name})", _b_binned(_meson, _mode), "sb",
                        f"Differential branching ratio of {_name} averaged over [q2min, q2max]",
                        ("q2min", "q2max"), unit="GeV^-2", aliases=(f"<dBR/dq2>({_flavio})",)))
for _mode in ("B0", "B+"):
    _name = "B0->K*0 nu nu" if _mode == "B0" else "B+->K*+ nu nu"
    register(Observable(f"FL({_name})", _fl_total(_mode), "sb",
                        f"K* longitudinal polarisation fraction in {_name}: over the full q² range, "
                        "or at q2 if given", optional=("q2",)))
    register(Observable(f"<FL>({_name})", _fl_binned(_mode), "sb",
                        f"K* longitudinal polarisation fraction in {_name} over [q2min, q2max]",
                        ("q2min", "q2max")))
register(Observable("R_K(nu nu)", _ratio("K", "B+"), "sb",
                    "B(B→Kνν̄)/B_SM (the same for B⁺ and B⁰)"))
register(Observable("R_K*(nu nu)", _ratio("K*", "B0"), "sb",
                    "B(B→K*νν̄)/B_SM (the same for B⁺ and B⁰ up to K* mass differences; B⁰ used)"))
for _name, _mode, _flavio in (("K+->pi+ nu nu", "K+", "K+->pinunu"),
                              ("KL->pi0 nu nu", "KL", "KL->pinunu")):
    register(Observable(f"BR({_name})", _k_br(_mode), "sd",
                        f"Branching ratio of {_name}, summed over neutrino flavours",
                        aliases=(f"BR({_flavio})",)))
    register(Observable(f"dBR/dq2({_name})", _k_dbr(_mode), "sd",
                        f"Differential branching ratio of {_name} (q² = m²_miss)", ("q2",),
                        unit="GeV^-2"))
    register(Observable(f"<dBR/dq2>({_name})", _k_binned(_mode), "sd",
                        f"Differential branching ratio of {_name} averaged over [q2min, q2max]",
                        ("q2min", "q2max"), unit="GeV^-2"))


# --- invisible pairs and the total invisible rate ------------------------------------------------
_INVISIBLE = {  # decay → (module, mode, νν̄ observable name, K_L CP projection)
    "B+->K+": (b_to_k, "B+", "B+->K+ nu nu", None),
    "B0->K0": (b_to_k, "B0", "B0->K0 nu nu", None),
    "B+->K*+": (b_to_kstar, "B+", "B+->K*+ nu nu", None),
    "B0->K*0": (b_to_kstar, "B0", "B0->K*0 nu nu", None),
    "K+->pi+": (k_to_pi, "K+", "K+->pi+ nu nu", None),
    "KL->pi0": (k_to_pi, "KL", "KL->pi0 nu nu", k_to_pi.cp_projection),
    "Bs->phi": (bs_to_phi, "Bs", "Bs->phi nu nu", None),
}


def _tau_over_hbar_of(module, mode, params):
    return np.asarray(params[module.MODES[mode][2]]) / params["hbar"]


def _pair_br(decay):
    module, mode, _, project = _INVISIBLE[decay]

    def f(parts, params):
        return sum(_tau_over_hbar_of(module, mode, params)
                   * dark_pairs.integrated(module, t, params, mode, project=project)[0] for t in parts)
    return f


def _pair_dbr(decay):
    module, mode, _, project = _INVISIBLE[decay]

    def f(parts, params, q2):
        q2 = check_q2(q2, module.q2_max(params, mode), decay)
        scalar = q2.ndim == 0
        tau = _tau_over_hbar_of(module, mode, params)[..., None]
        out = sum(tau * dark_pairs.density(module, t, params, mode, np.atleast_1d(q2), project)[0]
                  for t in parts)
        return out[..., 0] if scalar else out
    return f


def _pair_binned(decay):
    module, mode, _, project = _INVISIBLE[decay]

    def f(parts, params, q2min, q2max):
        lo, hi = _one_bin(module, mode, params, q2min, q2max, decay)
        tau = _tau_over_hbar_of(module, mode, params)
        total = sum(tau * dark_pairs.integrated(module, t, params, mode, lo, hi, project)[0] for t in parts)
        return total / (hi - lo)
    return f


def _invisible(decay, pair_function, nu_prefix):
    """νν̄ part (registered observable) plus the dark pairs."""
    nu_name = f"{nu_prefix}({_INVISIBLE[decay][2]})"

    def f(parts, params, **arguments):
        nu, *darks = parts
        out = REGISTRY[nu_name].function(nu, params, **arguments)
        return out + pair_function(darks, params, **arguments) if darks else out
    return f


def _fl_invisible(decay):
    """K* longitudinal fraction of everything invisible (νν̄ and pairs), full q² range."""
    module, mode, _, _ = _INVISIBLE[decay]

    def f(parts, params):
        nu, *darks = parts
        kernels = _kernels(params, "K*", mode)
        s_plus, s_minus = coherent_sums(nu, c_left_sm(params))
        total, longitudinal = _combine(kernels, (s_plus, s_minus)), np.asarray(kernels["A_0"]) * s_minus
        for t in darks:
            rate, long_rate = dark_pairs.integrated(module, t, params, mode, with_longitudinal=True)
            total, longitudinal = total + rate, longitudinal + long_rate
        return longitudinal / total
    return f


for _decay in _INVISIBLE:
    _what = f"{_decay} + invisible"
    register(Observable(f"BR({_decay} XX)", _pair_br(_decay), _INVISIBLE[_decay][0].FLAVOUR,
                        f"Branching ratio of {_decay} + a pair of invisible particles X (DarkEFT)",
                        kind="dark"))
    register(Observable(f"dBR/dq2({_decay} XX)", _pair_dbr(_decay), _INVISIBLE[_decay][0].FLAVOUR,
                        f"Differential branching ratio of {_decay} X X", ("q2",), unit="GeV^-2",
                        kind="dark"))
    register(Observable(f"<dBR/dq2>({_decay} XX)", _pair_binned(_decay), _INVISIBLE[_decay][0].FLAVOUR,
                        f"Differential branching ratio of {_decay} X X averaged over [q2min, q2max]",
                        ("q2min", "q2max"), unit="GeV^-2", kind="dark"))
    register(Observable(f"BR({_decay} inv)", _invisible(_decay, _pair_br(_decay), "BR"),
                        _INVISIBLE[_decay][0].FLAVOUR,
                        f"Branching ratio of {_what}: νν̄ (SM unless a NeutrinoWET is given) plus pairs X X",
                        kind="invisible"))
    register(Observable(f"dBR/dq2({_decay} inv)", _invisible(_decay, _pair_dbr(_decay), "dBR/dq2"),
                        _INVISIBLE[_decay][0].FLAVOUR, f"Differential branching ratio of {_what}",
                        ("q2",), unit="GeV^-2", kind="invisible"))
    register(Observable(f"<dBR/dq2>({_decay} inv)",
                        _invisible(_decay, _pair_binned(_decay), "<dBR/dq2>"),
                        _INVISIBLE[_decay][0].FLAVOUR,
                        f"Differential branching ratio of {_what} averaged over [q2min, q2max]",
                        ("q2min", "q2max"), unit="GeV^-2", kind="invisible"))
def _two_body_br(decay):
    module, mode, _, project = _INVISIBLE[decay]

    def f(parts, params):
        return sum(_tau_over_hbar_of(module, mode, params)
                   * two_body.width(module, b, params, mode, project) for b in parts)
    return f


for _decay in _INVISIBLE:
    register(Observable(f"BR({_decay} X)", _two_body_br(_decay), _INVISIBLE[_decay][0].FLAVOUR,
                        f"Branching ratio of {_decay} + one invisible boson X (InvisibleBoson)",
                        kind="boson"))



def _bs_to_invisible(parts, params):
    density = bs_to_phi.annihilation_density(params)[..., 0]
    tau = np.asarray(params["tau_Bs"]) / params["hbar"]
    return sum(tau * dark_pairs.annihilation_width(t, "sb", params, "m_Bs", density[..., None],
                                                   bs_to_phi.QUARK_MASSES) for t in parts)


register(Observable("BR(Bs->XX)", _bs_to_invisible, "sb",
                    "Branching ratio of B_s → X X (fully invisible, DarkEFT)", kind="dark"))
def _omega(parts, params):
    from .darkmatter.relic import relic_density_of

    if len(parts) != 1:
        raise DarkflavError("Omega h^2 is computed for one DarkEFT (one dark-matter species)")
    return relic_density_of(parts[0], params)


def _thermal_sigma_v(parts, params, x):
    from .darkmatter.annihilation import sigma_v
    from .darkmatter.relic import _cm3_per_s

    x = finite_array("x", x)
    if np.any(x <= 0):
        raise DarkflavError(f"x = m/T must be > 0, got {x}")
    scalar = x.ndim == 0
    out = sum(sigma_v(t, np.atleast_1d(x), params) for t in parts) * _cm3_per_s(params)
    return out[..., 0] if scalar else out


register(Observable("Omega h^2", _omega, "qq", "Relic density of a real scalar φ by thermal freeze-out "
                    "through φφ → ππ, KK̄, ηη, πη (leading-order chiral perturbation theory)", kind="dark"))
register(Observable("<sigma v>", _thermal_sigma_v, "qq", "Thermally averaged φφ → mesons cross section "
                    "times velocity at x = m/T", ("x",), unit="cm^3 s^-1", kind="dark"))


def _p_ann(parts, params):
    from .darkmatter.cmb import p_ann

    return sum(p_ann(t, params) for t in parts)


register(Observable("p_ann", _p_ann, "qq", "CMB energy-injection parameter f_eff <sigma v>/m of φφ annihilation "
                    "at rest (Planck 2018: < p_ann_Planck2018)", unit="cm^3 s^-1 GeV^-1", kind="dark"))


def _sigma_si(nucleon):
    def function(parts, params):
        from .darkmatter.direct_detection import sigma_SI

        if len(parts) != 1:
            raise DarkflavError(f"sigma_SI({nucleon}) is computed for one DarkEFT (one dark-matter species)")
        return sigma_SI(parts[0], nucleon, params)
    return function


for _nucleon in ("p", "n"):
    register(Observable(f"sigma_SI({_nucleon})", _sigma_si(_nucleon), "qq",
                        f"Spin-independent φ–{'proton' if _nucleon == 'p' else 'neutron'} scattering cross section "
                        "of a real scalar (quark and gluon operators, f_Tq, f_TG)", unit="cm^2", kind="dark"))


def _monojet(region):
    def function(parts, params):
        from .collider.monojet import monojet_cross_sections

        return sum(monojet_cross_sections(t, params=params)[region] for t in parts)
    return function


for _region in [f"{_kind}{_k}" for _kind in ("EM", "IM") for _k in range(13)]:
    register(Observable(f"sigma(pp->phi phi j)[{_region}]", _monojet(_region), "qq",
                        f"LO parton-level σ×A of pp → φφ + jet in the ATLAS 139 fb⁻¹ monojet region {_region} at "
                        "13 TeV (quark and gluon operators, one mass, scalar coefficients)", unit="fb", kind="dark"))


def _monojet_vlq(region):
    def function(model, params):
        from .collider.vlq.signal import vlq_region_cross_sections
        from .models.vlq import VectorLikeQuarks

        if not isinstance(model, VectorLikeQuarks):
            raise DarkflavError(f"sigma_UV(pp->phi phi j) is predicted for a VectorLikeQuarks model, got "
                                f"{type(model).__name__}")
        return vlq_region_cross_sections(model, params=params).total[region]
    return function


for _region in [f"{_kind}{_k}" for _kind in ("EM", "IM") for _k in range(13)]:
    register(Observable(f"sigma_UV(pp->phi phi j)[{_region}]", _monojet_vlq(_region), "qq",
                        f"LO parton-level σ×A in the ATLAS monojet region {_region} of the full VLQ model: pp → φφ + "
                        "parton with the Q/D propagators (on-shell Qφ included) and pp → QQ̄, DD̄ → jets + φφ",
                        unit="fb", kind="model"))
for _decay in ("B0->K*0", "B+->K*+"):
    register(Observable(f"FL({_decay} inv)", _fl_invisible(_decay), "sb",
                        f"K* longitudinal fraction in {_decay} + invisible (νν̄ and pairs)",
                        kind="invisible"))


# --- charged leptons: B_s → ℓℓ′, B → K(*) ℓℓ′, R(D(*)), b → sℓℓ coefficients (ChargedLeptonWET) --------
_LEPTONS = {"e": 0, "mu": 1, "tau": 2}


def _flavio_pair(pair: str) -> tuple[int, int]:
    """flavio's "l1l2" (B̄ → … ℓ1⁺ ℓ2⁻, coefficient bs{l1}{l2}) → darkflav's C^{ij}, i = ℓ2, j = ℓ1."""
    l1, l2 = next((a, pair[len(a):]) for a in _LEPTONS if pair.startswith(a) and pair[len(a):] in _LEPTONS)
    return _LEPTONS[l2], _LEPTONS[l1]


def _charged(function, pairs):
    return lambda theory, params: sum(function(theory, params, *_flavio_pair(p)) for p in pairs)


_LFV = ("emu", "mue", "etau", "taue", "mutau", "taumu")
_LFV_SUMS = ("emu,mue", "etau,taue", "mutau,taumu")
for _pair in ("ee", "mumu", "tautau") + _LFV + _LFV_SUMS:
    register(Observable(f"BR(Bs->{_pair})", _charged(leptonic.branching_ratio, _pair.split(",")), "sb",
                        f"Branching ratio of B̄_s → {_pair} (flavio's name; time-integrated for ℓℓ)",
                        kind="charged"))
for _decay, (_meson, _mode) in {"B+->K": ("K", "B+"), "B0->K": ("K", "B0"),
                                "B+->K*": ("K*", "B+"), "B0->K*": ("K*", "B0")}.items():
    for _pair in (("tautau",) if _meson == "K" else ()) + _LFV + _LFV_SUMS:
        register(Observable(f"BR({_decay}{_pair})", _charged(
            lambda t, p, i, j, m=_meson, mo=_mode: b_to_k_ll.branching_ratio(t, p, m, mo, i, j), _pair.split(",")),
            "sb", f"Branching ratio of {_decay}{_pair} (flavio's name), from C9, C10 (primed) only",
            kind="charged"))
for _meson in b_to_c.MESONS:
    register(Observable(f"Rtaul(B->{_meson}lnu)", lambda t, p, m=_meson: b_to_c.r_ratio(t, p, m), "bc",
                        f"R({_meson}) = B(B → {_meson}τν)/B(B → {_meson}ℓν)", kind="charged"))


def _wc_observable(field, i):
    """Re C^{ii} (new physics) in flavio's normalisation at 4.8 GeV, the scale of global b → sℓℓ fits."""
    def f(theory, params):
        from .running import alpha_e

        return np.real(theory.pair(field, i, i)) * params["alpha_e"] / alpha_e(4.8, params)
    return f


for _field, _lepton in (("C9", "ee"), ("C9", "mumu"), ("C10", "mumu"), ("C10", "ee")):
    register(Observable(f"{_field}_bs{_lepton}", _wc_observable(_field, _LEPTONS[_lepton[:len(_lepton) // 2]]),
                        "sb", f"Re {_field}^{_lepton} (new physics, flavio normalisation at 4.8 GeV)",
                        kind="charged"))



# --- ΔF = 2 (decays/meson_mixing.py; theory: a DeltaF2 of the sector, None for the SM) ---------------
def _mixing(what):
    from .decays import meson_mixing

    def f(theory, params):
        if what == "ratio":
            return np.abs(theory.ratio(params))
        return meson_mixing.epsilon_k(theory, params) if what == "epsK" else meson_mixing.delta_m(theory, params)
    return f


for _name, _sector in (("DeltaM_s", "sb"), ("DeltaM_d", "db")):
    register(Observable(_name, _mixing("dm"), _sector, f"Mass difference of the B_{_name[-1]} system (SM + ΔF = 2 NP)",
                        unit="ps^-1", kind="deltaf2"))
    register(Observable(f"{_name}/{_name}^SM", _mixing("ratio"), _sector, f"{_name} relative to the SM",
                        kind="deltaf2"))
register(Observable("epsilon_K", _mixing("epsK"), "sd", "Indirect CP violation in K mixing (SM + ΔF = 2 NP)",
                    kind="deltaf2"))

# --- b → sγ (DipoleWET) and Higgs couplings (HeavyQuarks); None is the SM ---------------------------
register(Observable("BR(B->Xsgamma)", lambda t, p: b_to_s_gamma.branching_ratio_of(t, p), "sb",
                    "Branching ratio of B → X_sγ, E_γ > 1.6 GeV (NNLO SM with NP dipoles, Misiak et al. 2015)",
                    kind="dipole"))
register(Observable("kappa_g", lambda t, p: higgs.kappa_g(t.delta, p), "h",
                    "Effective hgg coupling relative to the SM from heavy quarks with v-dependent masses",
                    kind="higgs"))
register(Observable("kappa_gamma", lambda t, p: higgs.kappa_gamma(t.delta, t.charge, p), "h",
                    "Effective hγγ coupling relative to the SM from heavy quarks with v-dependent masses",
                    kind="higgs"))


# --- the public functions ---------------------------------------------------------------------
def low_energy(theory, params: Parameters | None = None):
    """The effective theories an input stands for: a UV model (anything with `match`) is matched and a
    dataclass of theories (LeptoquarkEFT, ZprimeEFT) becomes the list of its fields; others pass unchanged."""
    if callable(getattr(theory, "match", None)):
        theory = theory.match(params or Parameters.default())
    if is_dataclass(theory) and not isinstance(theory, type):
        return [getattr(theory, f.name) for f in fields(theory)]
    return theory


#: which containers an observable kind reads from a list of low-energy theories
_KIND_PARTS = {"charged": (ChargedLeptonWET,), "dark": (DarkEFT,), "invisible": (NeutrinoWET, DarkEFT),
               "boson": (InvisibleBoson,), "nunu": (NeutrinoWET,), "dipole": (DipoleWET,), "higgs": (HeavyQuarks,)}
#: the SM container of kinds whose theory may be None
_SM_CONTAINER = {"dipole": DipoleWET, "higgs": HeavyQuarks}


def _parts_for(obs: Observable, theory):
    """From a list of mixed theories (a matched model), the parts observable `obs` reads: ΔF = 2 and νν̄ of its
    quark sector only; None (the SM) where nothing applies."""
    if not isinstance(theory, (list, tuple)):
        return theory
    from .decays.meson_mixing import DeltaF2

    if obs.kind == "deltaf2":
        kept = [t for t in theory if isinstance(t, DeltaF2) and t.sector == obs.sector]
    else:
        kept = [t for t in theory if isinstance(t, _KIND_PARTS.get(obs.kind, ()))
                and not (isinstance(t, NeutrinoWET) and t.sector != obs.sector)]
    if obs.kind == "invisible":
        return kept or None  # no νν̄ part of this sector and no pairs: the SM
    if obs.kind in ("dark", "boson"):
        return kept or theory  # the part checks below name what is missing
    return kept[0] if len(kept) == 1 else (None if not kept else kept)


def _theory_for(obs: Observable, theory, params):
    """What an observable reads: a UV model itself (kind 'model'), else the low-energy theories it needs."""
    if obs.kind == "model":
        return theory
    return _resolve_theory(obs, _parts_for(obs, low_energy(theory, params)))


def _resolve_theory(obs: Observable, theory):
    if obs.kind == "dark":
        return _dark_parts(obs, theory)
    if obs.kind == "invisible":
        return _invisible_parts(obs, theory)
    if obs.kind == "boson":
        parts = _as_list(theory)
        if not parts or not all(isinstance(t, InvisibleBoson) for t in parts):
            raise DarkflavError(f"{obs.name} is predicted for an InvisibleBoson (or a list of them)")
        return tuple(parts)
    if obs.kind == "deltaf2":
        from .decays.meson_mixing import DeltaF2

        theory = DeltaF2(obs.sector) if theory is None else theory
        if not isinstance(theory, DeltaF2) or theory.sector != obs.sector:
            raise DarkflavError(f"{obs.name} is predicted for a DeltaF2 of sector {obs.sector!r} (or None for the SM)")
        return theory
    if obs.kind in _SM_CONTAINER:
        container = _SM_CONTAINER[obs.kind]
        if theory is None or isinstance(theory, container):
            return container() if theory is None else theory
        raise DarkflavError(f"{obs.name} is predicted for a {container.__name__} (or None for the SM); "
                            f"got {type(theory).__name__}")
    if obs.kind == "charged":
        if theory is None or isinstance(theory, ChargedLeptonWET):
            return ChargedLeptonWET() if theory is None else theory
        raise DarkflavError(f"{obs.name} is predicted for a ChargedLeptonWET (or None for the SM); "
                            f"got {type(theory).__name__}")
    if theory is None:
        return NeutrinoWET(sector=obs.sector)
    if isinstance(theory, NeutrinoWET):
        _check_sector(obs, theory)
        return theory
    raise DarkflavError(f"{obs.name} is predicted for a NeutrinoWET (or None for the SM); "
                        f"got {type(theory).__name__}. For invisible pairs use the 'inv' or 'XX' "
                        "observables, e.g. BR(B+->K+ inv)")


def _check_sector(obs: Observable, theory: NeutrinoWET):
    if theory.sector != obs.sector:
        raise DarkflavError(
            f"{obs.name} needs a NeutrinoWET of sector {obs.sector!r} "
            f"({'b→s' if obs.sector == 'sb' else 's→d'}); the theory given has sector {theory.sector!r}"
        )


def _as_list(theory) -> list:
    return list(theory) if isinstance(theory, (list, tuple)) else [theory]


def _dark_parts(obs: Observable, theory) -> tuple:
    parts = _as_list(theory)
    if not parts or not all(isinstance(t, DarkEFT) for t in parts):
        raise DarkflavError(f"{obs.name} is predicted for a DarkEFT (or a list of them); got "
                            f"{[type(t).__name__ for t in parts]}")
    return tuple(parts)


def _invisible_parts(obs: Observable, theory) -> tuple:
    """(NeutrinoWET, DarkEFT, ...): the νν̄ part (the SM if none is given) and the dark pairs."""
    parts = [t for t in _as_list(theory) if t is not None]
    wrong = [type(t).__name__ for t in parts if not isinstance(t, (NeutrinoWET, DarkEFT))]
    if wrong:
        raise DarkflavError(f"{obs.name} is predicted for NeutrinoWET and DarkEFT theories; got {wrong}")
    neutrinos = [t for t in parts if isinstance(t, NeutrinoWET)]
    if len(neutrinos) > 1:
        raise DarkflavError(f"{obs.name}: give at most one NeutrinoWET (add coefficients instead)")
    nu = neutrinos[0] if neutrinos else NeutrinoWET(sector=obs.sector)
    _check_sector(obs, nu)
    return (nu, *[t for t in parts if isinstance(t, DarkEFT)])


def _check_arguments(obs: Observable, args: dict) -> dict:
    missing = [a for a in obs.arguments if a not in args]
    extra = [a for a in args if a not in obs.arguments + obs.optional]
    if missing or extra:
        allowed = ", ".join(obs.arguments + obs.optional) or "none"
        what = f"missing {missing}" if missing else f"unexpected {extra}"
        raise DarkflavError(f"{obs.name}: {what} argument(s); arguments allowed: {allowed}")
    return {k: finite_array(k, v) for k, v in args.items()}


def predict(name: str, theory=None, params: Parameters | None = None, **arguments) -> np.ndarray:
    """Central prediction of observable `name` for `theory` (None: the SM), as an array.

    The shape is the broadcast shape of the theory's coefficients and of array parameters, with a
    trailing axis for an array q2.
    """
    obs = get(name)
    params = params or Parameters.default()
    theory = _theory_for(obs, theory, params)
    arguments = _check_arguments(obs, arguments)
    return np.asarray(obs.function(theory, params, **arguments), dtype=float)


def predict_samples(name: str, theory=None, params: Parameters | None = None, n_samples: int = 400,
                    seed: int | None = 1, **arguments) -> np.ndarray:
    """Predictions for `n_samples` draws of the inputs (correlated form factors, CKM, …).

    Leading axis: the samples. Inputs replaced in `params` stay fixed.
    """
    obs = get(name)
    params = params or Parameters.default()
    if obs.kind == "model":
        raise DarkflavError(f"{obs.name} is a Monte Carlo cross section of a UV model: its uncertainty is the "
                            "scale envelope and Monte Carlo error of darkflav.collider.vlq_monojet, not input sampling")
    theory = _theory_for(obs, theory, params)
    arguments = _check_arguments(obs, arguments)
    ndim = max(len(t.shape) for t in (theory if isinstance(theory, tuple) else (theory,)))
    samples = params.sample(n_samples, seed, shape_suffix=(1,) * ndim)
    return np.asarray(obs.function(theory, samples, **arguments), dtype=float)


def uncertainty(name: str, theory=None, params: Parameters | None = None, n_samples: int = 400,
                seed: int | None = 1, **arguments) -> np.ndarray:
    """1σ uncertainty (standard deviation over sampled inputs), with the shape of `predict`."""
    return np.std(predict_samples(name, theory, params, n_samples, seed, **arguments), axis=0)


def observables() -> list[Observable]:
    """All registered observables."""
    return list(REGISTRY.values())
