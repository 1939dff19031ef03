"""A library's index on disk: immutable segment files and a manifest naming them.

A change writes only its new segment and a new manifest, so a restart reads the passages'
analysis back instead of redoing it. Processes of one machine may share the folder: a file
lock orders whoever writes or reads it, and the manifest is replaced by a rename.
"""

from __future__ import annotations

import json
import logging
import zipfile
from pathlib import Path

from filelock import FileLock, Timeout

from retrieval.errors import IndexMismatch
from retrieval.search.index import FORMAT, HybridIndex
from retrieval.search.lexical import Vocabulary
from retrieval.search.segment import Segment, replace_file

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
LOCK_TIMEOUT_S = 60.0


class SavedIndex:
    """The segment folder of one index path (`index.npz` keeps its segments in
    `index.segments/`)."""

    def __init__(self, index_path: Path) -> None:
        self.index_path = index_path
        self.folder = index_path.parent / f"{index_path.stem}.segments"
        self._lock = FileLock(str(self.folder) + ".lock", timeout=LOCK_TIMEOUT_S)

    def load(self, fingerprint: str) -> HybridIndex:
        """The saved index, its tombstones applied; IndexMismatch when there is none, it was
        built with other settings, or a file is damaged."""
        try:
            with self._lock:
                manifest = json.loads((self.folder / MANIFEST).read_text(encoding="utf-8"))
                if manifest.get("format") != FORMAT or manifest.get("fingerprint") != fingerprint:
                    raise IndexMismatch("the saved index was built with other settings")
                vocab = Vocabulary()
                segments = [
                    Segment.load(self.folder / f"{name}.npz", vocab)[0]
                    for name in manifest["segments"]
                ]
            index = HybridIndex.from_segments(segments, vocab, manifest["meta"])
            dead = [int(c) for c in manifest["dead"]]
            return index.changed([], [], None, None, dead, index.revision) if dead else index
        except IndexMismatch:
            raise
        except (
            OSError,
            ValueError,
            KeyError,
            TypeError,
            EOFError,
            zipfile.BadZipFile,
            Timeout,
        ) as exc:
            raise IndexMismatch(f"cannot read the saved index in {self.folder}: {exc}") from exc

    def save(self, index: HybridIndex, fingerprint: str) -> None:
        """Write the segments not yet on disk and a manifest naming them all with the dead
        chunk ids; files no manifest names any more are deleted."""
        meta = index.meta()
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            names = [s.name for s in index.segments]
            for segment in index.segments:
                path = self.folder / f"{segment.name}.npz"
                if not path.exists():
                    segment.save(path, index.vocab, meta)
            dead = index.all_ids[~index.alive].tolist()
            manifest = {
                "format": FORMAT,
                "fingerprint": fingerprint,
                "meta": meta,
                "segments": names,
                "dead": dead,
            }
            manifest_text = json.dumps(manifest).encode("utf-8")
            replace_file(self.folder / MANIFEST, lambda handle: handle.write(manifest_text))
            keep = {f"{n}.npz" for n in names} | {MANIFEST}
            for stale in self.folder.iterdir():
                # Under the lock nobody else is writing here: what the manifest does not name
                # is an old segment or the leftover of a writer that was killed.
                if stale.name not in keep:
                    stale.unlink(missing_ok=True)
        if self.index_path.is_file():
            self.index_path.unlink()  # the one-file index of earlier versions
