"""Migdal and nuclear-recoil spectra: darkflav.darkmatter.recoil against wimprates 0.5 (the reference, with its
default dblquad/quad tolerances) at the same points, and the spectrum of 10⁴ energies × 10 masses in one call.
Run: python benchmarks/bench_dd.py (needs wimprates: pip install ".[test]")."""

from __future__ import annotations

import time
import warnings

import numpy as np

import darkflav
from darkflav.darkmatter import recoil

KEV = 1e-6  # GeV


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def main():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import numericalunits as nu
        import wimprates as wr
    params = darkflav.Parameters.default()
    migdal_energies = np.array([0.15, 0.3, 0.6, 1.0, 2.0, 3.0]) * KEV
    recoil_energies = np.array([0.1, 1.0, 3.0, 10.0, 30.0, 60.0]) * KEV
    cases = [("Migdal, Xe, m = 1 GeV", recoil.migdal_spectrum, wr.rate_migdal, migdal_energies, 1.0, "Xe"),
             ("Migdal, Ar, m = 1 GeV", recoil.migdal_spectrum, wr.rate_migdal, migdal_energies, 1.0, "Ar"),
             ("nuclear recoil, Xe, m = 50 GeV", recoil.nuclear_recoil_spectrum, wr.rate_elastic, recoil_energies,
              50.0, "Xe"),
             ("nuclear recoil, Xe, m = 50 GeV (a spectrum)", recoil.nuclear_recoil_spectrum, wr.rate_elastic,
              np.geomspace(0.1, 60.0, 200) * KEV, 50.0, "Xe")]
    for label, ours, theirs, energies, mass, element in cases:
        ours(energies, mass, 1e-40, element, params)  # tables loaded once
        mine = min(timed(lambda: ours(energies, mass, 1e-40, element, params))[0] for _ in range(5))  # noqa: B023
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference, _ = timed(lambda: theirs(energies / KEV * nu.keV, mass * nu.GeV / nu.c0**2,  # noqa: B023
                                                1e-40 * nu.cm**2, material=element))  # noqa: B023
        print(f"{label}, {len(energies)} energies: darkflav {mine * 1e3:.2f} ms, wimprates {reference * 1e3:.1f} ms, "
              f"ratio {reference / mine:.0f}x")
    grid = np.geomspace(0.1, 5.0, 10_000) * KEV
    masses = np.geomspace(0.1, 5.0, 10)[:, None]
    many, _ = timed(lambda: recoil.migdal_spectrum(grid, masses, 1e-40, "Xe", params))
    print(f"Migdal, Xe, 10^4 energies x 10 masses in one call: {many:.2f} s")


if __name__ == "__main__":
    main()
