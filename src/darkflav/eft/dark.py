"""Effective theory of a pair of light invisible particles X coupled to quark bilinears.

    L = ½ Σ_ij C^{ij} (d̄_i Γ_q d_j) D + …,   C^{ji} = C^{ij*}

for every operator of data/dark_operators.yaml (quark bilinear Γ_q ∈ {1, iγ₅, γ^μ, γ^μγ₅} times a
hermitian dark bilinear D of the chosen species). For the real scalar this is the normalisation of
He, Ma, Schmidt, Valencia, Venugopal, JHEP 07 (2024) 168 (arXiv:2403.12485), ½ C^{S,P}_{dφ} φ².
Conversions to the other normalisations of the literature are in `darkflav.eft.conventions`.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np

from ..arrays import ArrayLike, ComplexArray
from ..data import package_data
from ..errors import DarkflavError, coefficient_array, finite_array, unknown
from ..notebook import TableRepr


@cache
def basis() -> dict[str, Any]:
    """The operator basis (species, operators, flavours) from data/dark_operators.yaml."""
    return package_data(__package__, "dark_operators.yaml")


SPECIES = tuple(basis()["species"])



def _check_mapping(what: str, value: object) -> None:
    """DarkflavError unless `value` is a mapping name: value (coefficients, couplings)."""
    if not isinstance(value, Mapping):
        raise DarkflavError(f"{what} must be a mapping name: value, e.g. {{'CS_sb': 1e-8}}; got "
                            f"{type(value).__name__} {value!r:.60}")

class DarkEFT(TableRepr):
    """An invisible species with its mass and operator coefficients (arrays broadcast).

    >>> DarkEFT(species="real scalar", mass=1.0, coefficients={"CS_sb": 5e-8})
    >>> DarkEFT("Dirac fermion", mass=np.linspace(0, 2, 100), coefficients={"CVV_sb": 1e-7})

    Coefficient names are operator_flavour, e.g. "CS_sb", "CVA_sd", "CS_ss"; units GeV^(4−d) for
    an operator of mass dimension d (GeV⁻¹ for CS of a real scalar, GeV⁻² for fermion operators).
    """

    sector = None  # operators of every quark flavour
    additive = True  # several species add (the container protocol, eft/protocol.py)

    def __init__(self, species: str, mass: ArrayLike, coefficients: Mapping[str, ArrayLike]) -> None:
        if not isinstance(species, str) or species not in SPECIES:
            raise unknown("invisible species", str(species), SPECIES)
        _check_mapping("coefficients", coefficients)
        self.species = species
        self.mass = finite_array("mass", mass)
        if np.any(self.mass < 0):
            raise DarkflavError(f"mass = {mass} GeV must be ≥ 0")
        spec = basis()["species"][species]
        flavours = basis()["flavours"]
        self._c: dict[str, dict[str, np.ndarray]] = {}
        for key, value in coefficients.items():
            if key == basis()["gluon"]["name"]:
                self._c.setdefault(basis()["gluon"]["pair"], {})[key] = self._real(key, value)
                continue
            operator, _, flavour = key.partition("_")
            if operator in spec["vanishing"]:
                raise DarkflavError(f"operator {operator} is not allowed for a {species}: "
                                    f"{spec['vanishing'][operator]}. Allowed: {', '.join(spec['operators'])}")
            if operator not in spec["operators"]:
                raise unknown(f"operator for a {species}", operator, spec["operators"])
            if flavour[::-1] in flavours["changing"]:
                raise DarkflavError(f"write {key!r} as '{operator}_{flavour[::-1]}' with the complex "
                                    f"conjugate value (C^{{ji}} = C^{{ij}}*)")
            if flavour not in flavours["changing"] + flavours["diagonal"]:
                raise unknown("quark-flavour pair", flavour, flavours["changing"] + flavours["diagonal"])
            if flavour in flavours["diagonal"]:
                self._c.setdefault(flavour, {})[operator] = self._real(key, value)
            else:
                self._c.setdefault(flavour, {})[operator] = coefficient_array(f"coefficient {key}", value)
        try:
            self.shape = np.broadcast_shapes(self.mass.shape,
                                             *(a.shape for d in self._c.values() for a in d.values()))
        except ValueError:
            raise DarkflavError("mass and coefficient arrays do not broadcast together") from None

    @staticmethod
    def _real(key: str, value: ArrayLike) -> ComplexArray:
        """A hermitian operator's coefficient (flavour diagonal or gluonic): real, as a complex array."""
        arr = coefficient_array(f"coefficient {key}", value)
        if np.any(arr.imag != 0):
            raise DarkflavError(f"coefficient {key} multiplies a hermitian operator and must be real, got {value}")
        return arr

    def as_dict(self) -> dict[str, np.ndarray]:
        """{coefficient name: value}, the names the constructor takes ('CS_sb', 'CG')."""
        gluon = basis()["gluon"]
        return {op if fl == gluon["pair"] else f"{op}_{fl}": value
                for fl, d in self._c.items() for op, value in d.items()}

    def named_coefficients(self) -> dict[str, np.ndarray]:
        """The container protocol: as_dict()."""
        return self.as_dict()

    def __repr__(self) -> str:
        names = list(self.as_dict())
        return f"DarkEFT({self.species!r}, shape={self.shape}, coefficients={names})"

    @property
    def spin(self) -> float:
        return basis()["species"][self.species]["spin"]

    def coefficients(self, flavour: str) -> dict[str, np.ndarray]:
        """{operator: coefficient array} for a quark-flavour pair such as 'sb' (empty if none);
        'gg' gives the gluon operator {'CG': …}."""
        return dict(self._c.get(flavour, {}))

    def scaled(self, factor: ArrayLike) -> DarkEFT:
        """The same theory with every coefficient multiplied by `factor` (an array broadcasts)."""
        factor = np.asarray(factor)
        return DarkEFT(self.species, self.mass, {name: value * factor for name, value in self.as_dict().items()})

    def operators(self) -> dict[str, tuple[str, str]]:
        """{operator: (quark bilinear, dark bilinear)} of this species."""
        return {k: tuple(v) for k, v in basis()["species"][self.species]["operators"].items()}


class InvisibleBoson(TableRepr):
    """A single invisible boson X (spin 0 or 1) produced in P → M X (the two-body hypothesis).

    Couplings (GeV⁰ for spin 1, GeV⁰ for spin 0 with the density normalised as below), per
    flavour-changing pair ij ∈ {sb, sd, db}:
        spin 0: L = g_S (d̄_i d_j) X + g_P (d̄_i iγ₅ d_j) X + h.c.     names gS_ij, gP_ij
        spin 1: L = g_V (d̄_i γ^μ d_j) X_μ + g_A (d̄_i γ^μγ₅ d_j) X_μ + h.c.   names gV_ij, gA_ij
    `width`: the total width Γ_X (GeV) of X into invisible states; 0 (default) is a narrow line at q² = m_X², a
    positive width spreads the rate over q² with a Breit–Wigner (decays/two_body.py `in_bins`).
    """

    sector = None
    additive = True

    def __init__(self, spin: int, mass: ArrayLike, couplings: Mapping[str, ArrayLike], width: ArrayLike = 0.0) -> None:
        if spin not in (0, 1):
            raise DarkflavError(f"spin of the invisible boson must be 0 or 1, got {spin!r}")
        self.spin = spin
        self.mass = finite_array("mass", mass)
        if np.any(self.mass < 0) or (spin == 1 and np.any(self.mass <= 0)):
            raise DarkflavError(f"mass = {mass} GeV must be {'> 0 for a vector' if spin else '≥ 0'}")
        self.width = finite_array("width", width)
        if np.any(self.width < 0):
            raise DarkflavError(f"width = {width} GeV of the invisible boson must be ≥ 0 (0: narrow)")
        _check_mapping("couplings", couplings)
        allowed = ("gS", "gP") if spin == 0 else ("gV", "gA")
        self._g: dict[str, dict[str, np.ndarray]] = {}
        for key, value in couplings.items():
            name, _, flavour = key.partition("_")
            if name not in allowed:
                raise unknown(f"coupling of a spin-{spin} boson", name, allowed)
            if flavour not in basis()["flavours"]["changing"]:
                raise unknown("quark-flavour pair", flavour, basis()["flavours"]["changing"])
            self._g.setdefault(flavour, {})[name] = coefficient_array(f"coupling {key}", value)
        self.shape = np.broadcast_shapes(self.mass.shape, self.width.shape,
                                         *(a.shape for d in self._g.values() for a in d.values()))

    def __repr__(self) -> str:
        return f"InvisibleBoson(spin={self.spin}, shape={self.shape})"

    def couplings(self, flavour: str) -> dict[str, np.ndarray]:
        """{'gS': …, 'gP': …} or {'gV': …, 'gA': …} for a quark-flavour pair (missing: none)."""
        return dict(self._g.get(flavour, {}))

    def named_coefficients(self) -> dict[str, np.ndarray]:
        """{'gS_sb': …} (the container protocol)."""
        return {f"{name}_{flavour}": g for flavour, d in self._g.items() for name, g in d.items()}


_QUARK_TEX = {"S": "", "P": "i\\gamma_5 ", "V": "\\gamma^\\mu ", "A": "\\gamma^\\mu\\gamma_5 ",
              "T": "\\sigma^{\\mu\\nu} "}


def wcxf_basis() -> dict[str, Any]:
    """The operator basis as a WCxf-style basis (one sector per species; names C<op><tag>_<ij>)."""
    sectors = {}
    flavours = basis()["flavours"]
    for species, spec in basis()["species"].items():
        tag, dark_tex_of, entries = spec["tag"], spec["tex"], {}
        for operator, (quark, dark) in spec["operators"].items():
            quark_tex = _QUARK_TEX[quark]
            dark_tex = dark_tex_of.get(dark, "")
            if dark == "T5" and dark not in dark_tex_of:  # (q̄ σ iγ5 q) T_μν: the iγ5 on the quark side
                quark_tex, dark_tex = "\\sigma^{\\mu\\nu} i\\gamma_5 ", dark_tex_of["T"]
            for flavour in flavours["changing"] + flavours["diagonal"]:
                i, j = flavour
                entries[f"{operator}{tag}_{flavour}"] = {
                    "tex": f"\\frac12 (\\bar {i} {quark_tex}{j})\\,{dark_tex}",
                    "real": flavour in flavours["diagonal"]}
        entries[f"CG{tag}"] = {"tex": f"\\frac12 G^a_{{\\mu\\nu}}G^{{a\\mu\\nu}}\\,{dark_tex_of['S']}",
                               "real": True}
        sectors[species.replace(" ", "_")] = entries
    return {"eft": "darkflav-dark", "basis": "darkflav",
            "metadata": {"description": "pairs of light invisible particles coupled to quark bilinears; "
                                        "L = 1/2 sum_ij C^ij (dbar_i Gamma d_j) D, C^ji = C^ij*",
                         "source": "darkflav docs/conventions.md"},
            "sectors": sectors}


def operator_dimension(species: str, operator: str) -> int:
    """Mass dimension d of an operator, quark bilinear (3) plus dark bilinear: 2 for φ², φ*φ, X·X and
    the vector tensor pair, 3 for the scalar and vector currents and every fermion bilinear; the
    coefficient is in GeV^(4−d). `operator` may carry a flavour suffix ('CS_sb')."""
    spec = basis()["species"].get(species)
    if spec is None:
        raise unknown("invisible species", species, SPECIES)
    if operator == basis()["gluon"]["name"]:  # G G (dimension 4) times the scalar dark bilinear
        return 4 + (3 if spec["spin"] == 0.5 else 2)
    name = operator.partition("_")[0]
    if name not in spec["operators"]:
        raise unknown(f"operator for a {species}", name, spec["operators"])
    dark = spec["operators"][name][1]
    return 3 + (3 if spec["spin"] == 0.5 or dark == "V" else 2)
