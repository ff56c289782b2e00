"""A published HistFactory likelihood (pyhf) evaluated for any theory through its q² response (response.py).

The experiment's workspace is used as published, with one change: the signal sample of each channel is split into
one sample per reconstructed bin, each with a fixed normalisation factor w_r (besides the POI μ), so that any signal
shape is a point of one pyhf model: w_r = n_r/n_r(null) from `Response.weights`, μ = 1. Every systematic variation
of a bin's signal scales with w_r (relative uncertainties kept, as in redist, arXiv:2402.08417); the MC statistical
uncertainties (staterror) stay those of the published templates.

Two ways to profile the nuisance parameters θ, both returning −2Δln L relative to the workspace's own best fit
(SM-shaped signal, μ free):

* `profile="full"`: minimise −2 ln L(θ; w) over θ — pyhf's model on its JAX backend (exact gradients) and
  L-BFGS-B, preconditioned with the Hessian diagonal at the best fit; ~0.1 s per point.
* `profile="fast"` (the default; vectorised, no pyhf once the tables are cached): the linearised profile. The
  tables hold the conditional fits θ̂_j of SM-shaped signals μ_j = 0, 1, …, 12 and on to 110 (FAMILY): expected
  counts ν_j(w) = B_j + S_j·w (exactly linear in the split-signal weights w), the constraint term, the Jacobians
  A = (∂B/∂θ, ∂S/∂θ) and the Hessian H_j of −2 ln L. A point w starts from the member nearest in signal strength
  (w averaged with weights S²/B; blended with the next member's value in between, so the result is continuous)
  and minimises over δ = θ − θ̂_j the model
      F(δ) = Σ_bins 2(ν − n ln ν) + g_cᵀδ + ½ δᵀ(H_j − J_jᵀD_jJ_j)δ,   ν = ν_j(w) + J_w δ,
  exact in the Poisson terms, with ν linear in θ and the constraints quadratic (g_c their gradient, which cancels
  the Poisson one at the member; D_j = diag(2n/ν_j²) the member's Poisson curvature; J_w = ∂B/∂θ + w ∂S/∂θ). Its
  minimum lies in the span of H_j⁻¹Bᵀ, B = (A; g_cᵀ) (49 rows: 30 bins, 18 signal bins, the constraints), so
  damped Newton steps run in those 49 coordinates for all points at once (linearised_profile.py). Exact for SM-shaped
  signals on the grid.

The agreement with the full profile for SM-shaped, pair and two-body spectra and the speeds are measured in the
tests and in benchmarks/bench_belle2.py. The tables take ~20 s to build on a quiet machine (a minute under load)
and are cached on disk (`cache_dir`).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

from ..data import package_bytes
from ..errors import DarkflavError
from .linearised_profile import linearised_profile, poisson
from .response import Response, response

try:
    import fcntl
except ImportError:  # not POSIX (Windows): no lock, concurrent processes may each build the tables
    fcntl = None  # type: ignore[assignment]

PROFILES = ("fast", "full")
#: signal strengths (SM shape) of the conditional fits of the fast profile
FAMILY = (*(float(mu) for mu in range(13)), 14.0, 16.0, 19.0, 23.0, 28.0, 35.0, 45.0, 60.0, 80.0, 110.0)
TABLES_VERSION = "7"
#: between two members the fast profile blends their values beyond this distance (`_linearisation_points`)
BLEND_FROM = 0.25


def cache_dir() -> Path:
    """Where derived tables are cached: $DARKFLAV_CACHE, else $XDG_CACHE_HOME/darkflav, else ~/.cache/darkflav."""
    if os.environ.get("DARKFLAV_CACHE"):
        return Path(os.environ["DARKFLAV_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "darkflav"


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on path's ".lock" file (POSIX flock; other processes wait for it); no lock where the
    cache folder cannot be written or the system has no flock."""
    handle = None
    if fcntl is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 (closed below, after the lock)
        except OSError:
            pass
    if handle is None:
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _pyhf():
    """pyhf on its JAX backend in double precision (imported on first use: JAX takes ~1 s to load)."""
    try:
        import jax  # optional heavy: the automatic derivatives of the full profile fit
        import pyhf  # optional heavy: loaded only when a published likelihood is fitted
    except ImportError as exc:
        raise DarkflavError(f"the published likelihoods need pyhf with JAX (pip install 'pyhf[jax]'): {exc}") from exc
    jax.config.update("jax_enable_x64", True)
    if jax.config.jax_compilation_cache_dir is None:  # compiled fit functions kept on disk (unless the user chose)
        jax.config.update("jax_compilation_cache_dir", str(cache_dir() / "jax"))
        jax.config.update("jax_persistent_cache_min_compile_time_secs", 0.0)
    pyhf.set_backend("jax", precision="64b")
    return pyhf, jax


def split_signal(spec: dict, signal: dict) -> tuple[dict, list[tuple[str, int, str]]]:
    """The workspace with each channel's signal sample split into one sample per bin, each with a fixed
    normalisation factor; returns the new workspace and [(channel, bin, factor name)]."""
    spec = copy.deepcopy(spec)
    factors: list[tuple[str, int, str]] = []
    for channel in spec["channels"]:
        if channel["name"] not in signal:
            continue
        sample_name = signal[channel["name"]]["sample"]
        (sample,) = [s for s in channel["samples"] if s["name"] == sample_name]
        others = [s for s in channel["samples"] if s["name"] != sample_name]
        pieces = []
        for r in range(len(sample["data"])):
            def only(values, r=r):
                return [x if i == r else 0.0 for i, x in enumerate(values)]

            modifiers = []
            for m in copy.deepcopy(sample["modifiers"]):
                if m["type"] == "histosys":
                    m["data"] = {"hi_data": only(m["data"]["hi_data"]), "lo_data": only(m["data"]["lo_data"])}
                elif m["type"] == "staterror":
                    m["data"] = only(m["data"])
                elif m["type"] not in ("normfactor", "normsys", "lumi"):
                    raise DarkflavError(f"cannot split a signal with a {m['type']} modifier ({channel['name']})")
                modifiers.append(m)
            factor = f"signal_weight_{len(factors)}"
            modifiers.append({"name": factor, "type": "normfactor", "data": None})
            pieces.append({"name": f"{sample_name}_bin{r}", "data": only(sample["data"]), "modifiers": modifiers})
            factors.append((channel["name"], r, factor))
        channel["samples"] = pieces + others
    config = spec["measurements"][0]["config"]
    config["parameters"] = config["parameters"] + [
        {"name": f, "bounds": [[0.0, 1e6]], "inits": [1.0], "fixed": True} for _, _, f in factors]
    return spec, factors


def _main(w, signal_bins, n_bins: int) -> np.ndarray:
    """Split-signal weights (…, factors) placed on the main bins (…, n_bins): zero where there is no signal."""
    main = np.zeros(np.shape(w)[:-1] + (n_bins,))
    main[..., signal_bins] = w
    return main


class PublishedLikelihood:
    """−2Δln L of a published likelihood for theories or spectra, full or fast profile (module docstring).

    >>> lh = PublishedLikelihood()          # Belle II 2023 B⁺→K⁺νν̄
    >>> lh.minus_two_delta_log_l(darkflav.DarkEFT("real scalar", 1.0, {"CS_sb": 5e-8}))
    """

    def __init__(self, name: str = "Belle II 2023 B+->K+nunu"):
        self.response: Response = response(name)
        self.name = name

    def __repr__(self) -> str:
        return f"PublishedLikelihood({self.name!r})"

    # --- the pyhf model ---------------------------------------------------------------------------------------
    def _workspace_bytes(self) -> bytes:
        return package_bytes("darkflav.experiments", f"{self.response.folder}/{self.response.settings['workspace']}")

    @cached_property
    def _factors(self) -> list[tuple[str, int, str]]:
        """[(channel, reconstructed bin, factor name)] of the split signal samples, in the model's order."""
        return split_signal(json.loads(self._workspace_bytes()), self.response.settings["signal"])[1]

    @cached_property
    def _engine(self) -> dict:
        """The split pyhf model, its jitted −2 ln L and gradient, and the published fit (μ free)."""
        pyhf, jax = _pyhf()
        jnp = jax.numpy
        split, factors = split_signal(json.loads(self._workspace_bytes()), self.response.settings["signal"])
        assert factors == self._factors
        workspace = pyhf.Workspace(split)
        model = workspace.model()
        data = jnp.asarray(workspace.data(model))
        config = model.config
        weight_index = np.array([config.par_slice(f).start for _, _, f in factors])
        poi = config.poi_index
        nuisance = ~np.array(config.suggested_fixed())
        nuisance[weight_index], nuisance[poi] = False, False
        offsets = dict(zip(config.channels, np.cumsum([0] + [config.channel_nbins[c] for c in config.channels]),
                           strict=False))

        def twice_nll(p):
            return -2.0 * model.logpdf(p, data)[0]

        engine = {"jax": jax, "model": model, "data": data, "factors": factors, "poi": poi, "nuisance": nuisance,
                  "weight_index": weight_index, "bounds": np.array(config.suggested_bounds(), float),
                  "bin_of": np.array([offsets[channel] + r for channel, r, _ in factors]),
                  "value_and_grad": jax.jit(jax.value_and_grad(twice_nll)),
                  "hessian": jax.jit(jax.hessian(twice_nll)), "counts": jax.jit(model.expected_actualdata),
                  "jacobian": jax.jit(jax.jacfwd(model.expected_actualdata)),
                  "scale": np.ones(config.npars)}
        free = nuisance.copy()
        free[poi] = True
        best, _ = self._minimise(engine, np.array(config.suggested_init(), float), free)
        hessian = np.asarray(engine["hessian"](jnp.asarray(best)))
        engine["scale"] = 1.0 / np.sqrt(np.where(np.diag(hessian) > 0, np.diag(hessian), 1.0) / 2)
        best, minimum = self._minimise(engine, best, free)
        covariance = 2 * np.linalg.inv(hessian[np.ix_(free, free)])  # H is the Hessian of −2 ln L
        position = int(np.flatnonzero(np.flatnonzero(free) == poi)[0])
        engine.update(best=best, minimum=minimum, mu_hat=float(best[poi]),
                      mu_error=float(np.sqrt(covariance[position, position])))
        return engine

    @staticmethod
    def _minimise(engine, start, free):
        """(parameters, −2 ln L) minimised over the `free` ones from `start` (L-BFGS-B in scaled variables)."""
        jnp = engine["jax"].numpy
        scale, index = engine["scale"][free], np.flatnonzero(free)
        origin = start[free]

        def objective(y):
            p = start.copy()
            p[index] = origin + y * scale
            value, gradient = engine["value_and_grad"](jnp.asarray(p))
            value = float(value)
            if not np.isfinite(value):  # outside the model's domain: make the line search step back
                return 1e30, np.zeros_like(y)
            return value, np.asarray(gradient)[index] * scale

        bounds = (engine["bounds"][free] - origin[:, None]) / scale[:, None]
        result = minimize(objective, np.zeros(index.size), jac=True, method="L-BFGS-B", bounds=bounds,
                          options={"maxiter": 5000, "maxcor": 20, "ftol": 1e-13, "gtol": 1e-7})
        p = start.copy()
        p[index] = origin + result.x * scale
        return p, float(result.fun)

    def _weights_at(self, p, weight, mu=1.0):
        """p with the POI at mu and the split signal factors at `weight`, as a JAX array."""
        engine = self._engine
        p = p.copy()
        p[engine["poi"]], p[engine["weight_index"]] = mu, weight
        return engine["jax"].numpy.asarray(p)

    # --- the fast profile ---------------------------------------------------------------------------------------
    @cached_property
    def _tables(self) -> dict:
        """The family tables of the fast profile (module docstring), from the disk cache or built and cached."""
        key = hashlib.sha256(self._workspace_bytes() + np.ascontiguousarray(
            np.concatenate([m.ravel() for m in self.response.matrices.values()])).tobytes()
            + f"{TABLES_VERSION} {FAMILY}".encode()).hexdigest()[:16]
        path = cache_dir() / f"{self.response.folder}-fast-{key}.npz"
        with _exclusive(path):  # processes started together (report workers, a scan's) build the tables once
            if path.exists():
                with np.load(path) as stored:
                    return {k: stored[k] for k in stored.files}
            tables = self._build_tables()
            try:
                temporary = path.with_suffix(".partial.npz")
                np.savez(temporary, **tables)
                temporary.replace(path)
            except OSError:  # a read-only home: keep the tables in memory only
                pass
        return tables

    def _build_tables(self) -> dict:
        engine = self._engine
        index = np.flatnonzero(engine["nuisance"])
        n_main = engine["model"].config.nmaindata
        observed = np.asarray(engine["data"][:n_main])
        signal_bins = engine["bin_of"]
        columns: dict[str, list[Any]] = {k: [] for k in ("parameters", "background", "signal", "constant", "G")}
        fitted = engine["best"]
        for mu in FAMILY:  # each fit starts from the previous one (continuation)
            start = fitted.copy()
            start[engine["poi"]] = mu
            fitted, value = self._minimise(engine, start, engine["nuisance"])
            columns["parameters"].append(fitted)
            background = np.asarray(engine["counts"](self._weights_at(fitted, 0.0)))
            signal = np.asarray(engine["counts"](self._weights_at(fitted, 1.0))) - background
            j_b = np.asarray(engine["jacobian"](self._weights_at(fitted, 0.0)))[:, index]
            j_s = np.asarray(engine["jacobian"](self._weights_at(fitted, 1.0)))[:, index] - j_b
            hessian = np.asarray(engine["hessian"](engine["jax"].numpy.asarray(fitted)))[np.ix_(index, index)]
            u = 2 * (1 - observed / (background + mu * signal))
            a = np.vstack([j_b, j_s[signal_bins]])
            g_c = -(a.T @ np.concatenate([u, mu * u[signal_bins]]))  # the constraints' gradient: the total vanishes
            b = np.vstack([a, g_c])  # the linearised profile's θ − θ̂_j = H⁻¹Bᵀz
            columns["background"].append(background)
            columns["signal"].append(signal)
            columns["constant"].append(value - poisson(background + mu * signal, observed))
            columns["G"].append(b @ np.linalg.solve(hessian, b.T))
        tables = {k: np.array(v) for k, v in columns.items()}
        config = engine["model"].config
        best_background = np.asarray(engine["counts"](self._weights_at(engine["best"], 0.0)))
        tables.update(observed=observed, bin_of=signal_bins, family=np.array(FAMILY),
                      minimum=np.array(engine["minimum"]), mu_hat=np.array(engine["mu_hat"]),
                      mu_error=np.array(engine["mu_error"]), best_background=best_background,
                      best_sm_signal=np.asarray(engine["counts"](self._weights_at(engine["best"], 1.0)))
                      - best_background, channels=np.array(config.channels),
                      channel_bins=np.array([config.channel_nbins[c] for c in config.channels]))
        return tables

    def _counts(self, w) -> np.ndarray:
        """Expected counts ν_j(w) = B_j + S_j·w at every member's nuisances (points, members, bins)."""
        t = self._tables
        nu = t["background"][None] + t["signal"][None] * _main(w, t["bin_of"], t["observed"].size)[:, None]
        if np.any(nu <= 0):
            raise DarkflavError("the expected counts of a signal hypothesis must be positive")
        return nu

    def _linearisation_points(self, w):
        """(member, neighbour, weight s) of the fast profile for split-signal weights w (points, factors): the
        signal strength μ_w = Σ w_r S_r²/B_r / Σ S_r²/B_r (S, B of the background-only member), placed on the family
        as a continuous index x; the member is the nearest, and its value is blended with the neighbour's with a
        weight s rising from 0 at |x − member| = BLEND_FROM to ½ midway, so the profile is continuous in w."""
        t = self._tables
        bins = t["bin_of"]
        sensitivity = t["signal"][0][bins] ** 2 / t["background"][0][bins]
        strength = w @ sensitivity / sensitivity.sum()
        x = np.interp(strength, t["family"], np.arange(t["family"].size))
        member = np.rint(x).astype(int)
        offset = x - member
        last = t["family"].size - 1
        neighbour = np.clip(member + np.where(offset < 0, -1, 1), 0, last)
        weight = np.clip((np.abs(offset) - BLEND_FROM) / (1 - 2 * BLEND_FROM), 0.0, 0.5)
        return member, neighbour, np.where(neighbour == member, 0.0, weight)

    def _fast(self, w) -> np.ndarray:
        """−2Δln L of split-signal weights w (..., factors) by the linearised profile (module docstring), from the
        member nearest in signal strength, blended with a neighbour's (`_linearisation_points`)."""
        t = self._tables
        flat = np.reshape(w, (-1, np.shape(w)[-1]))
        nu = self._counts(flat)
        member, neighbour, weight = self._linearisation_points(flat)
        out = np.empty(len(flat))
        for j in np.unique(member):
            rows = member == j
            out[rows] = linearised_profile(t, j, nu[rows, j], flat[rows])
        blended = weight > 0
        for j in np.unique(neighbour[blended]):
            rows = np.flatnonzero(blended & (neighbour == j))
            out[rows] += weight[rows] * (linearised_profile(t, j, nu[rows, j], flat[rows]) - out[rows])
        return (out - t["minimum"]).reshape(np.shape(w)[:-1])

    def _full(self, w, member: int) -> float:
        """−2Δln L of one point by the full profile, starting from a family member's nuisances."""
        engine = self._engine
        start = np.asarray(self._weights_at(self._tables["parameters"][member], w))
        return self._minimise(engine, start, engine["nuisance"])[1] - engine["minimum"]

    # --- evaluation -------------------------------------------------------------------------------------------
    def _signal_weights(self, spectrum) -> np.ndarray:
        """w of the split samples (..., factors) for spectra (..., generated bins)."""
        weights = self.response.weights(spectrum)
        return np.stack([weights[channel][..., r] for channel, r, _ in self._factors], axis=-1)

    def minus_two_delta_log_l(self, theory=None, *, spectrum=None, profile: str = "fast", params=None) -> np.ndarray:
        """−2Δln L (relative to the published best fit) of a theory — or of spectra B_model per generated bin —
        with the nuisance parameters profiled: `profile` 'fast' (the linearised profile, vectorised) or 'full' (a
        pyhf fit per point); module docstring."""
        if profile not in PROFILES:
            raise DarkflavError(f"profile must be one of {PROFILES}, got {profile!r}")
        if spectrum is None:
            spectrum = self.response.spectrum(theory, params)
        w = self._signal_weights(spectrum)
        if profile != "full":
            return self._fast(w)
        out = np.empty(w.shape[:-1])
        members = self._linearisation_points(w.reshape(-1, w.shape[-1]))[0].reshape(out.shape)
        for k in np.ndindex(out.shape):  # start from the family member the fast profile starts from
            out[k] = self._full(w[k], int(members[k]))
        return out

    def best_fit_strength(self, theory=None, *, spectrum=None, params=None) -> dict:
        """The signal strength k of a spectrum's shape (full profile): k̂, −2Δln L at k̂ and at k = 0, 1.

        The shape is normalised to the SM signal's yield at the published fit (weights w·c, c = ΣS/Σ(wS)), so that
        the fit of μ = k/c starts at the published μ̂ and searches the workspace's range of μ; a best fit at its upper
        edge raises DarkflavError."""
        if spectrum is None:
            spectrum = self.response.spectrum(theory, params)
        w = self._signal_weights(np.asarray(spectrum, dtype=float))
        if w.ndim != 1:
            raise DarkflavError("best_fit_strength takes one theory point")
        t = self._tables
        yield_ = float(np.sum(w * t["best_sm_signal"][t["bin_of"]]))
        if not yield_ > 0:
            raise DarkflavError("best_fit_strength needs a spectrum with signal in the fit bins")
        c = float(np.sum(t["best_sm_signal"][t["bin_of"]])) / yield_
        engine = self._engine
        p = engine["best"].copy()
        p[engine["weight_index"]] = w * c
        free = engine["nuisance"].copy()
        free[engine["poi"]] = True
        best, value = self._minimise(engine, p, free)
        mu, edge = float(best[engine["poi"]]), float(engine["bounds"][engine["poi"], 1])
        if mu >= edge * (1 - 1e-6):
            raise DarkflavError(f"the best signal strength of this shape lies at the edge of the workspace's range "
                                f"(μ = {edge:g} times the SM yield): the shape does not fit")
        at = {}
        for k in (0.0, 1.0):
            q = best.copy()
            q[engine["poi"]] = k / c
            at[k] = self._minimise(engine, q, engine["nuisance"])[1] - engine["minimum"]
        return {"strength": mu * c, "minus_two_delta_log_l": value - engine["minimum"],
                "at_zero": at[0.0], "at_one": at[1.0]}

    def published_fit(self) -> dict:
        """The workspace's own fit: μ̂, its Hesse error, B = μ̂ × normalisation and the −2 ln L minimum."""
        t = self._tables
        return {"mu": float(t["mu_hat"]), "mu_error": float(t["mu_error"]),
                "branching_ratio": float(t["mu_hat"]) * self.response.normalisation, "minimum": float(t["minimum"])}

    def bins(self, theory=None, *, spectrum=None, params=None) -> dict:
        """Per reconstructed bin: observed counts, post-fit background and signal of the published fit (μ̂ × the SM
        template), the SM signal (μ = 1) and, given a theory or spectrum, its signal — all at the best-fit nuisances.
        Without a theory from the tables (no pyhf once they are cached; the counts are linear in μ); a theory's
        signal from the pyhf model itself."""
        t = self._tables
        out = {"channels": list(zip(t["channels"].tolist(), t["channel_bins"].tolist(), strict=True)),
               "observed": t["observed"], "background": t["best_background"], "sm_signal": t["best_sm_signal"],
               "fitted_signal": float(t["mu_hat"]) * t["best_sm_signal"]}
        if theory is not None or spectrum is not None:
            w = self._signal_weights(spectrum if spectrum is not None else self.response.spectrum(theory, params))
            if w.ndim != 1:
                raise DarkflavError("bins takes one theory point")
            engine = self._engine
            signal, background = (np.asarray(engine["counts"](self._weights_at(engine["best"], weight)))
                                  for weight in (w, 0.0))
            out["theory_signal"] = signal - background
        return out


@cache
def published(name: str = "Belle II 2023 B+->K+nunu") -> PublishedLikelihood:
    """The published likelihood `name` (one instance per process: its model and tables are built once)."""
    return PublishedLikelihood(name)
