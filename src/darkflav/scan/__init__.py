"""Scans: grids and samples through the vectorised core, locally or on Dask, into a resumable
Parquet store."""

from .definition import ScanDefinition, load
from .run import run_scan
from .store import ScanStore

__all__ = ["ScanDefinition", "ScanStore", "load", "run_scan"]
