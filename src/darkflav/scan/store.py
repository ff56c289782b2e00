"""A resumable Parquet store: one file per finished chunk, written atomically, plus metadata.

    DIR/scan.yaml                      the scan definition
    DIR/chunks/chunk-000042.parquet    finished chunks (a file exists only when complete)

Every chunk file carries, in its Parquet schema metadata, the darkflav version, the scan definition
and the parameter values used, so a single file documents itself.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..errors import DarkflavError
from .definition import ScanDefinition


class ScanStore:
    def __init__(self, directory, definition: ScanDefinition | None = None):
        self.directory = Path(directory)
        self.chunks = self.directory / "chunks"
        stored = self.directory / "scan.yaml"
        if definition is not None:
            if stored.exists() and stored.read_text() != definition.text:
                raise DarkflavError(f"{self.directory} holds a different scan; use another --out or "
                                    "remove it (a scan resumes only with the same definition)")
            self.chunks.mkdir(parents=True, exist_ok=True)
            if not stored.exists():
                stored.write_text(definition.text)
        elif not stored.exists():
            raise DarkflavError(f"{self.directory} is not a darkflav scan folder (no scan.yaml)")

    def done(self) -> set[int]:
        return {int(p.stem.split("-")[1]) for p in self.chunks.glob("chunk-*.parquet")}

    def missing(self, definition: ScanDefinition) -> list[int]:
        done = self.done()
        return [c for c in range(definition.n_chunks) if c not in done]

    def write(self, chunk: int, columns: dict, definition: ScanDefinition, params) -> None:
        """Write a chunk atomically (temporary file, then rename)."""
        table = pa.table({k: np.asarray(v) for k, v in columns.items()})
        changed = {k: (v.tolist() if np.ndim(v) else v) for k, v in params.items()
                   if not isinstance(v, float) or v != params.entry(k).value}
        metadata = {"darkflav_version": __version__, "scan_definition": definition.text,
                    "parameters_changed": json.dumps(changed), "parameter_choices": json.dumps(params.choices),
                    "chunk": str(chunk)}
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
        final = self.chunks / f"chunk-{chunk:06d}.parquet"
        temporary = self.chunks / f".chunk-{chunk:06d}.{os.getpid()}.tmp"
        pq.write_table(table, temporary)
        os.replace(temporary, final)

    def read(self) -> pa.Table:
        """All finished points, sorted by point index."""
        files = sorted(self.chunks.glob("chunk-*.parquet"))
        if not files:
            raise DarkflavError(f"{self.directory} has no finished chunks yet")
        table = pa.concat_tables([pq.read_table(f) for f in files])
        return table.sort_by("index")

    def metadata(self) -> dict:
        files = sorted(self.chunks.glob("chunk-*.parquet"))
        if not files:
            return {}
        return {k.decode(): v.decode() for k, v in pq.read_schema(files[0]).metadata.items()
                if not k.startswith(b"ARROW")}
