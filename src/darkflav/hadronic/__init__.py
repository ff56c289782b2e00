"""Hadronic inputs: form factors of B → K, B → K*, K → π (one module each).

Conventions for every form-factor function: q² occupies the *last* axis of the result; parameter
arrays (e.g. samples of the coefficients) occupy the leading axes. A scalar q² gives a trailing
axis of length one.
"""
