"""A resumable Parquet store: one file per finished chunk, written atomically, and a record of what it holds.

    DIR/scan.yaml                      the scan definition (stored once)
    DIR/store.json                     the inputs (definition's SHA-256, darkflav version, changed parameters and
                                       choices) and, per committed chunk, its row count and SHA-256
    DIR/chunks/chunk-000042.parquet    finished chunks (a file exists only when complete)
    DIR/rejected/                      chunk files found corrupt, truncated, copied or foreign (kept, not used)

A chunk counts only once its file matches its record. On resume and in `check`, missing, truncated, corrupt,
duplicated and foreign chunk files are found, set aside in rejected/ and recomputed; a store made with other
inputs (another definition, parameter values or choices, or darkflav version) is refused, also when scan.yaml is
gone.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__
from ..errors import DarkflavError
from .definition import ScanDefinition, load

RECORD, DEFINITION = "store.json", "scan.yaml"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inputs_of(definition: ScanDefinition, params) -> dict:
    """What a store's chunks depend on: the definition's hash, the darkflav version, the parameters changed from
    their defaults and the model choices."""
    changed = {k: (np.asarray(v).tolist() if np.ndim(v) else v) for k, v in params.items()
               if not isinstance(v, float) or v != params.entry(k).value}
    return {"definition_sha256": _sha256(definition.text.encode()), "darkflav_version": __version__,
            "parameters_changed": changed, "parameter_choices": dict(params.choices)}


@dataclass
class StoreCheck:
    """The chunks of a store against its record: committed (file and record agree), missing (never finished or
    the file is gone) and rejected (file name → reason: truncated, corrupt, copied, foreign)."""

    committed: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    rejected: dict[str, str] = field(default_factory=dict)

    def problems(self) -> list[str]:
        """One line per rejected file."""
        return [f"{name}: {reason}" for name, reason in self.rejected.items()]


class ScanStore:
    """The store in `directory`; with a definition (and parameters) it is created or checked for a resume."""

    def __init__(self, directory, definition: ScanDefinition | None = None, params=None):
        self.directory = Path(directory)
        self.chunks = self.directory / "chunks"
        stored, record = self.directory / DEFINITION, self.directory / RECORD
        if definition is None:
            if not stored.is_file() or not record.is_file():
                raise DarkflavError(f"{self.directory} is not a darkflav scan folder (no {DEFINITION} and "
                                    f"{RECORD})")
            self.definition = load(stored)
            self.record = self._read_record()
            return
        self.definition = definition
        if self.directory.is_symlink() or (self.directory.exists() and not self.directory.is_dir()):
            kind = "a symbolic link" if self.directory.is_symlink() else "not a folder"
            raise DarkflavError(f"cannot use {str(self.directory)!r} as the scan folder: it is {kind}")
        try:
            self.chunks.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DarkflavError(f"cannot create the scan folder {str(self.directory)!r}: {exc.strerror}") from None
        if stored.is_file() and stored.read_text() != definition.text:
            raise DarkflavError(f"{self.directory} holds a different scan; use another --out or remove it (a scan "
                                "resumes only with the same definition)")
        if record.is_file():
            self.record = self._read_record()
            self._refuse_other_inputs(definition, params)
        elif self.chunks.is_dir() and any(self.chunks.glob("chunk-*.parquet")):
            raise DarkflavError(f"{self.directory} has chunk files but no {RECORD}: the inputs they were computed "
                                "with are unknown; use another --out or remove the folder")
        else:
            if params is None:
                raise DarkflavError("a new scan store needs the parameters it is computed with")
            self.record = {"inputs": inputs_of(definition, params), "chunks": {}}
            self._write_record()
        if not stored.is_file():
            stored.write_text(definition.text)

    # --- the record -------------------------------------------------------------------------------------------
    def _read_record(self) -> dict:
        try:
            record = json.loads((self.directory / RECORD).read_text())
            if not isinstance(record.get("inputs"), dict) or not isinstance(record.get("chunks"), dict):
                raise ValueError("inputs or chunks missing")
        except (OSError, ValueError) as exc:
            raise DarkflavError(f"{self.directory / RECORD} is unreadable ({exc}); the store cannot be "
                                "trusted: use another --out or remove the folder") from exc
        return record

    def _write_record(self) -> None:
        temporary = self.directory / f".{RECORD}.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(self.record, indent=1))
        os.replace(temporary, self.directory / RECORD)

    def _refuse_other_inputs(self, definition: ScanDefinition, params) -> None:
        stored = self.record["inputs"]
        if stored.get("definition_sha256") != _sha256(definition.text.encode()):
            raise DarkflavError(f"{self.directory} holds a different scan (its {DEFINITION} may be gone); use "
                                "another --out or remove it")
        if params is None:
            return
        inputs = inputs_of(definition, params)
        differences = [label for key, label in (("parameters_changed", "parameter values"),
                                                ("parameter_choices", "parameter choices"),
                                                ("darkflav_version", "darkflav version"))
                       if json.loads(json.dumps(stored.get(key))) != json.loads(json.dumps(inputs[key]))]
        if differences:
            shown = {k: stored.get(k) for k in ("darkflav_version", "parameters_changed")}
            raise DarkflavError(f"{self.directory} was computed with other {' and '.join(differences)} (stored: "
                                f"{json.dumps(shown)}); resume with the same inputs or use another --out")

    # --- chunks -----------------------------------------------------------------------------------------------
    def _file(self, chunk: int) -> Path:
        return self.chunks / f"chunk-{chunk:06d}.parquet"

    def _rows(self, chunk: int) -> int:
        d = self.definition
        return min(d.chunk_size, d.n_points - chunk * d.chunk_size)

    def check(self, repair: bool = False) -> StoreCheck:
        """Compare every chunk file with the record; with repair, set rejected files aside in rejected/ and
        forget their records (they are then missing, to be recomputed)."""
        result, records = StoreCheck(), self.record["chunks"]
        seen = set()
        for path in sorted(self.chunks.glob("chunk-*.parquet")):
            try:
                chunk = int(path.stem.split("-")[1])
            except (IndexError, ValueError):
                chunk = -1
            entry = records.get(str(chunk))
            reason = None
            if not 0 <= chunk < self.definition.n_chunks:
                reason = "foreign (not a chunk of this scan)"
            elif entry is None:
                reason = "foreign (never committed by this store)"
            elif path.stat().st_size == 0:
                reason = "truncated (empty)"
            elif _sha256(path.read_bytes()) != entry["sha256"]:
                reason = "corrupt or copied (its checksum differs from the one recorded when it was committed)"
            if reason is None:
                result.committed.append(chunk)
                seen.add(chunk)
            else:
                result.rejected[path.name] = reason
        result.missing = [c for c in range(self.definition.n_chunks) if c not in seen]
        if repair and (result.rejected or any(str(c) in records for c in result.missing)):
            rejected = self.directory / "rejected"
            rejected.mkdir(exist_ok=True)
            for name in result.rejected:
                os.replace(self.chunks / name, rejected / name)
            for chunk in result.missing:
                records.pop(str(chunk), None)
            self._write_record()
        return result

    def done(self) -> set[int]:
        """The committed chunks whose files match their record."""
        return set(self.check().committed)

    def missing(self) -> list[int]:
        """The chunks still to compute (after setting rejected files aside)."""
        return self.check(repair=True).missing

    def write(self, chunk: int, columns: dict) -> None:
        """Write a chunk atomically (temporary file, then rename) and record its rows and checksum."""
        table = pa.table({k: np.asarray(v) for k, v in columns.items()})
        if table.num_rows != self._rows(chunk):
            raise DarkflavError(f"chunk {chunk} has {table.num_rows} rows, expected {self._rows(chunk)}")
        metadata = {"darkflav_version": __version__, "chunk": str(chunk)}
        table = table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})
        temporary = self.chunks / f".chunk-{chunk:06d}.{os.getpid()}.tmp"
        pq.write_table(table, temporary)
        digest = _sha256(temporary.read_bytes())
        os.replace(temporary, self._file(chunk))
        self.record["chunks"][str(chunk)] = {"rows": table.num_rows, "sha256": digest}
        self._write_record()

    def read(self) -> pa.Table:
        """All points, sorted by point index; DarkflavError unless every chunk is committed and intact."""
        check = self.check()  # foreign files are left out; damaged chunks are missing
        if check.missing:
            raise DarkflavError(f"{self.directory} is incomplete: {len(check.missing)} of "
                                f"{self.definition.n_chunks} chunks missing or damaged (run the scan again to "
                                "compute them)" + "".join(f"; {line}" for line in check.problems()))
        table = pa.concat_tables([pq.read_table(self._file(c)) for c in check.committed])
        return table.sort_by("index")

    def metadata(self) -> dict:
        """The stored inputs and the scan definition."""
        inputs = self.record["inputs"]
        return {"scan_definition": self.definition.text, "darkflav_version": inputs["darkflav_version"],
                "parameters_changed": json.dumps(inputs["parameters_changed"]),
                "parameter_choices": json.dumps(inputs["parameter_choices"])}
