"""Proton parton distributions from LHAPDF6 grids (read with the `parton` package) and LO α_s.

    >>> pdf = load_pdf()                               # the default set, shipped by pythia8mc
    >>> pdf.xfx([21, 2, -2], x, Q)                     # x f(x, Q), shape (3, *x.shape)
    >>> load_pdf("CT18LO")                             # an installed LHAPDF set, by name
    >>> load_pdf("/path/to/NNPDF31_lo_as_0118_0000.dat")   # or by path (a .dat grid or a set folder)

Where a set is looked for, in this order: an existing path; the folders of $LHAPDF_DATA_PATH and $LHAPATH
(LHAPDF layout <folder>/<set>/<set>_<member>.dat beside <set>.info); parton's download folder; the grids
of the PyPI package pythia8mc (share/Pythia8/pdfdata, no .info files: α_s(M_Z) and the QCD order of
those sets are in data/pdf_sets.yaml). Interpolation: parton's bicubic spline in (ln x, ln Q²) within
one subgrid (never across a flavour threshold), evaluated for all partons at once: the spline's knots are
the grid's for every parton, so the B-spline basis at a point is computed once (de Boor's recursion) and
contracted with each parton's coefficients. Below the grid's x_min the densities are set to zero.

Negative values. Fitted sets are not positive in every flavour everywhere: NNPDF3.1 LO has x s(x) < 0 above
x ≈ 0.21–0.22 and x s̄(x) < 0 above x ≈ 0.31–0.37 (depending on Q); the NLO and NNLO sets go negative first in s̄
(x ≈ 0.27–0.39), the gluon above x ≈ 0.64–0.77 (`negative_onset`; docs/collider.md, checked by
tests/test_collider_pdf.py). `xfx` sets negative values to zero by default (a
cross section cannot use a negative probability density); `xfx(..., clip=False)` returns the grid's values, with
which the processes report the fraction of σ that the clipping adds (`monojet.PhiPhiJet.with_pdf(clip=False)`,
`RegionCrossSections.negative_fraction`). The default set, NNPDF2.3 LO (α_s = 0.119), is non-negative in every
parton for 10⁻⁴ ≤ x < 0.99 and 10 GeV ≤ Q ≤ 10⁴ GeV (data/pdf_sets.yaml, `default_reason`).

α_s. `alpha_s(μ)` is the one-loop coupling with five flavours from the set's α_s(M_Z) (the hard processes);
`alpha_s_flavours(μ, n_f, thresholds)` continues it at one loop into the theory with n_f = 3 or 4 active
flavours, continuous at the thresholds μ = m_b(m_b), m_c(m_c) (one-loop matching: no jump; ESW eq. 2.18 with
b₀ = (33 − 2n_f)/(12π) in each range): the one scheme in which the gluon operator is run (monojet.PhiPhiJet).
"""

from __future__ import annotations

import logging
import os
import re
from functools import cache
from importlib import metadata
from pathlib import Path

import appdirs
import numpy as np
import yaml

from ..data import package_data
from ..errors import MAX_POINTS, DarkflavError, in_range, unknown, whole_number
from ..parameters import Parameters

# parton.io calls logging.basicConfig(level=INFO) when first imported: the root logger's level and handlers are
# saved here and restored after the import, so that importing darkflav does not change the user's logging
_ROOT_LOGGER = logging.getLogger()
_ROOT_LEVEL, _ROOT_HANDLERS = _ROOT_LOGGER.level, list(_ROOT_LOGGER.handlers)
from parton.pdf import PDFGrid  # noqa: E402  (after saving the root logger's state)

_ROOT_LOGGER.setLevel(_ROOT_LEVEL)
for _handler in _ROOT_LOGGER.handlers[:]:
    if _handler not in _ROOT_HANDLERS:
        _ROOT_LOGGER.removeHandler(_handler)

#: PDG particle codes of the partons in a grid: quarks ±1…±5, gluon 21.
PARTONS = (-5, -4, -3, -2, -1, 21, 1, 2, 3, 4, 5)
INSTALL_HINT = ("install the default grids with `pip install --only-binary :all: pythia8mc` (it ships "
                "NNPDF31_lo_as_0118), or set LHAPDF_DATA_PATH to the folder holding your LHAPDF sets, or "
                "pass the path of a .dat grid")


@cache
def known_sets() -> dict:
    """data/pdf_sets.yaml: the default set, the sets of the PDF envelope, and α_s(M_Z), QCD order of the pythia8mc
    grids."""
    return package_data(__package__, "pdf_sets.yaml")


def envelope_sets() -> list[str]:
    """The PDF sets whose spread is the PDF uncertainty of the collider cross sections (data/pdf_sets.yaml)."""
    return list(known_sets()["envelope"]["sets"])


#: a number glued to the exponent of the one before it ("0.00000000e+000.00000000e+00", the x = 1 rows of
#: CT14qed_proton in pythia8mc): a two-digit exponent followed directly by a mantissa d.ddd
_GLUED = re.compile(r"(e[+-]\d\d)(?=-?\d\.)")


def pythia_pdf_folder() -> Path | None:
    """share/Pythia8/pdfdata of the installed pythia8mc wheel (None if pythia8mc is not installed)."""
    try:
        files = metadata.files("pythia8mc") or []
    except metadata.PackageNotFoundError:
        return None
    for f in files:
        if "pdfdata" in str(f) and str(f).endswith(".dat"):
            return Path(f.locate()).resolve().parent
    return None


def _search_folders() -> list[Path]:
    folders = [Path(p) for var in ("LHAPDF_DATA_PATH", "LHAPATH") for p in os.environ.get(var, "").split(":") if p]
    folders.append(Path(appdirs.user_data_dir("parton")))
    pythia = pythia_pdf_folder()
    return folders + ([pythia] if pythia else [])


def find_grid(name_or_path: str, member: int = 0) -> tuple[str, Path, Path | None]:
    """(set name, .dat grid, .info file or None) of a set given by name or path."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        name = path.name
        grid, info = path / f"{name}_{member:04d}.dat", path / f"{name}.info"
        if not grid.exists():
            raise DarkflavError(f"PDF set folder {path} has no member grid {grid.name}")
        return name, grid, info if info.exists() else None
    if path.suffix == ".dat":
        if not path.exists():
            raise DarkflavError(f"PDF grid file {path} does not exist; {INSTALL_HINT}")
        name = re.sub(r"_\d{4}$", "", path.stem)
        info = path.parent / f"{name}.info"
        return name, path, info if info.exists() else None
    name = str(name_or_path)
    for folder in _search_folders():
        for grid, info in ((folder / name / f"{name}_{member:04d}.dat", folder / name / f"{name}.info"),
                           (folder / f"{name}_{member:04d}.dat", folder / f"{name}.info")):
            if grid.exists():
                return name, grid, info if info.exists() else None
    raise DarkflavError(f"PDF set {name!r} (member {member}) not found in {[str(f) for f in _search_folders()]}; "
                        f"{INSTALL_HINT}")


class PartonDistributions:
    """x f(x, Q) of one member of a proton PDF set, and the α_s(μ) it goes with (one-loop running).

    `alpha_s_mz` overrides the set's α_s(M_Z) (for α_s variations; the PDFs stay those of the set).
    """

    def __init__(self, name: str, grid_file: Path, alpha_s_mz: float, m_z: float, n_flavours: int):
        self.name, self.grid_file = name, Path(grid_file)
        self.alpha_s_mz, self.m_z, self.n_flavours = float(alpha_s_mz), float(m_z), int(n_flavours)
        blocks = re.split(r"\n\s*---\s*\n?", _GLUED.sub(r"\1 ", self.grid_file.read_text()))
        self.subgrids = [_subgrid(b) for b in blocks[1:] if b.strip()]
        missing = set(PARTONS) - set(int(f) for f in self.subgrids[-1].flavors)
        if missing:
            raise DarkflavError(f"PDF set {name} lacks partons {sorted(missing)}; choose a proton set with "
                                f"five quark flavours and the gluon")
        # per subgrid: the knots in ln x and ln Q² and the spline coefficients (knot cells, PARTONS) of parton's
        # interpolating bicubic splines (scipy RectBivariateSpline, tck layout c[i·n_y + j])
        self._splines = []
        for grid in self.subgrids:
            tck = [grid.interpolator(p).tck for p in PARTONS]
            self._splines.append((tck[0][0], tck[0][1], np.stack([c for _, _, c in tck], axis=-1)))
        self.x_min = max(float(g.x.min()) for g in self.subgrids)
        self.q_min = float(self.subgrids[0].Q.min())
        self.q_max = float(self.subgrids[-1].Q.max())

    def __repr__(self) -> str:
        return f"PartonDistributions({self.name!r}, alpha_s(M_Z)={self.alpha_s_mz})"

    def xfx(self, partons, x, q, clip: bool = True) -> np.ndarray:
        """x f(x, Q) for PDG codes `partons` (a sequence), shape (len(partons), *broadcast(x, q).shape).

        x outside [x_min, 1] gives 0 (no parton there); Q outside the grid's range is frozen at its edge
        (only reached at the kinematic limit, μ_F = 2 m_T ≈ √s, for sets ending at 10⁴ GeV). `clip`: negative
        values set to zero (default), else the grid's interpolated values (module docstring)."""
        q = np.clip(in_range("factorisation scale Q", q, 0.0, np.inf, "GeV"), self.q_min, self.q_max)
        x, q = np.broadcast_arrays(np.asarray(x, float), q)
        inside = (x >= self.x_min) & (x <= 1.0)
        lx, lq2 = np.log(np.where(inside, x, 0.5)), 2 * np.log(q)
        for p in partons:
            if p not in PARTONS:
                raise unknown("parton code", str(p), [str(c) for c in PARTONS])
        columns = [PARTONS.index(p) for p in partons]
        out = np.zeros((len(partons),) + x.shape)
        for grid, (knots_x, knots_q, coefficients) in zip(self.subgrids, self._splines, strict=True):
            sel = inside & (q >= grid.Q.min()) & (q <= grid.Q.max())
            if not np.any(sel):
                continue
            start_x, basis_x = _cubic_basis(knots_x, lx[sel])
            start_q, basis_q = _cubic_basis(knots_q, lq2[sel])
            cells = ((start_x[:, None, None] + _FOUR[:, None]) * (knots_q.size - 4)
                     + start_q[:, None, None] + _FOUR).reshape(-1, 16)
            weights = (basis_x[:, :, None] * basis_q[:, None, :]).reshape(-1, 1, 16)
            out[:, sel] = (weights @ np.take(coefficients[:, columns], cells, axis=0))[:, 0].T
            inside = inside & ~sel
        return np.clip(out, 0.0, None) if clip else out

    def alpha_s(self, mu) -> np.ndarray:
        """α_s(μ) at one loop with n_f flavours from α_s(M_Z) (ESW eq. 2.18, b₀ = (33 − 2n_f)/(12π))."""
        mu = in_range("renormalisation scale mu", mu, 1.0, np.inf, "GeV")
        b0 = (33 - 2 * self.n_flavours) / (12 * np.pi)
        return self.alpha_s_mz / (1 + self.alpha_s_mz * b0 * np.log(mu**2 / self.m_z**2))

    def alpha_s_flavours(self, mu, n_flavours: int, thresholds) -> np.ndarray:
        """α_s(μ) at one loop in the theory with `n_flavours` (3, 4 or 5) active quarks: `alpha_s` (five flavours)
        run down to the b threshold, then with four flavours to the c threshold, then with three; the couplings
        are continuous at the thresholds (one-loop matching). thresholds = (m_c, m_b) in GeV, e.g. m_c(m_c),
        m_b(m_b) (ESW eq. 2.18 per range, b₀ = (33 − 2n_f)/(12π)); with n_flavours = 5 this is `alpha_s`."""
        mu = in_range("renormalisation scale mu", mu, 1.0, np.inf, "GeV")
        if n_flavours not in (3, 4, 5):
            raise DarkflavError(f"n_flavours = {n_flavours!r} must be 3, 4 or 5")
        m_c, m_b = (float(in_range(name, value, 1.0, self.m_z, "GeV"))
                    for name, value in zip(("m_c threshold", "m_b threshold"), thresholds, strict=True))
        if not m_c < m_b:
            raise DarkflavError(f"the c threshold {m_c:g} GeV must lie below the b threshold {m_b:g} GeV")
        if self.n_flavours != 5:
            raise DarkflavError(f"alpha_s_flavours starts from five flavours, the set's running has {self.n_flavours}")
        if n_flavours == 5:
            return self.alpha_s(mu)

        def b0(n_f):
            return (33 - 2 * n_f) / (12 * np.pi)

        inverse, scale = 1 / self.alpha_s(m_b), m_b            # four flavours from the b threshold down
        if n_flavours == 3:
            inverse, scale = inverse + b0(4) * np.log(m_c**2 / m_b**2), m_c   # three from the c threshold
        return 1 / (inverse + b0(n_flavours) * np.log(mu**2 / scale**2))


_FOUR = np.arange(4)


def _subgrid(block: str) -> PDFGrid:
    """parton's PDFGrid of one lhagrid1 subgrid block (x knots, Q knots, flavours, then the x f values with x
    the slow index), repeated knots dropped with their rows (CT14qed_proton in pythia8mc lists x = 10⁻⁹ twice;
    spline knots must increase strictly)."""
    lines = block.strip("\n").splitlines()
    x, q = np.array(lines[0].split(), float), np.array(lines[1].split(), float)
    flavours = np.array(lines[2].split(), int)
    values = np.array(" ".join(lines[3:]).split(), float)
    if values.size != x.size * q.size * flavours.size:
        raise DarkflavError(f"PDF subgrid with {x.size} x and {q.size} Q knots and {flavours.size} partons holds "
                            f"{values.size} numbers, not {x.size * q.size * flavours.size}")
    values = values.reshape(x.size, q.size, flavours.size)
    keep_x = np.concatenate([[True], np.diff(x) > 0])
    keep_q = np.concatenate([[True], np.diff(q) > 0])
    values = values[keep_x][:, keep_q]
    return PDFGrid(x[keep_x], q[keep_q], values.reshape(-1, flavours.size), flavours)


def _cubic_basis(knots: np.ndarray, v: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(first index, the four cubic B-splines B_{first…first+3}(v)) that are non-zero at each v on `knots`
    (de Boor, A Practical Guide to Splines, ch. X, algorithm BSPLVB); v at the last inner knot counts in the last
    interval, as in FITPACK."""
    i = np.clip(np.searchsorted(knots, v, side="right") - 1, 3, knots.size - 5)
    left = [None] + [v - knots[i + 1 - j] for j in (1, 2, 3)]
    right = [None] + [knots[i + j] - v for j in (1, 2, 3)]
    basis = [np.ones_like(v)]
    for j in (1, 2, 3):
        saved = np.zeros_like(v)
        for r in range(j):
            term = basis[r] / (right[r + 1] + left[j - r])
            basis[r] = saved + right[r + 1] * term
            saved = left[j - r] * term
        basis.append(saved)
    return i - 3, np.stack(basis, axis=-1)


@cache
def _load(name_or_path: str, member: int, alpha_s_mz: float | None, m_z: float) -> PartonDistributions:
    name, grid, info_file = find_grid(name_or_path, member)
    known = known_sets()
    if alpha_s_mz is None:
        if info_file is not None:
            info = yaml.safe_load(info_file.read_text())
            alpha_s_mz = info.get("AlphaS_MZ")
        elif name in known["sets"]:
            alpha_s_mz = known["sets"][name]["alpha_s_MZ"]["value"]
        if alpha_s_mz is None:
            raise DarkflavError(f"PDF set {name!r} has no .info file with AlphaS_MZ and is not in "
                                f"collider/data/pdf_sets.yaml; pass alpha_s_mz=… explicitly")
    return PartonDistributions(name, grid, alpha_s_mz, m_z, known["n_flavours"])


def negative_onset(pdf: PartonDistributions, partons, q, x_min: float = 1e-4, n_x: int = 2000) -> dict:
    """{parton: smallest x in [x_min, 1) on a logarithmic grid of n_x points where x f(x, Q) < 0 at any of the
    scales q (GeV), or None}: where a set's distributions turn negative (before `xfx` clips them)."""
    x = np.geomspace(float(in_range("x_min", x_min, 1e-9, 0.99)), 0.999, whole_number("n_x", n_x, 2, MAX_POINTS))
    out = {}
    for p in partons:
        values = np.stack([pdf.xfx([p], x, float(scale), clip=False)[0] for scale in np.atleast_1d(q)])
        negative = np.any(values < 0, axis=0)
        out[p] = float(x[negative].min()) if negative.any() else None
    return out


def load_pdf(name_or_path: str | None = None, member: int = 0, alpha_s_mz: float | None = None,
             params=None) -> PartonDistributions:
    """The PDF set `name_or_path` (default: data/pdf_sets.yaml's default, from pythia8mc), cached."""
    params = params or Parameters.default()
    name_or_path = str(name_or_path or known_sets()["default"])
    if alpha_s_mz is not None:
        alpha_s_mz = float(in_range("alpha_s_mz", alpha_s_mz, 0.05, 0.2))
    return _load(name_or_path, int(member), alpha_s_mz, float(params["M_Z"]))
