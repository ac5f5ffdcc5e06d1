"""What one sync round has read, so nothing is read from git or parsed twice.

A round looks at the same commits, blobs and progress files many times:
committing checks the working files, building the merge commit reads both
sides' blobs, checking out compares them with the working files, counting
what was sent and received reads them again. Each of those used to ask git
and parse the file anew; on a file of 8,500 records that was most of the
round. A ``Round`` keeps each tree, each blob and each parse (one per
distinct content) for the round's length, and knows HEAD, so a round with
nothing to do asks git five things and parses nothing.

It is memory for one round only, and every parse is the store's own read,
with every check. What outlives the round is what the store keeps too: each
progress file's index (``storage/sections.py``), read so that a collection
both sides share is not decoded, and added to for what the round wrote.
"""

from __future__ import annotations

from pathlib import Path

from pathtui.sync.git import Git
from pathtui.sync.merge import check_schema, count_pictures, merged, picture_of, read

#: ``typing`` costs milliseconds on every command; type checkers take this as True.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from pathtui.model.progress import Progress
    from pathtui.storage.sections import Index

Tree = dict[str, tuple[str, str]]


class Round:
    """The git of one clone, and what a round has read through it."""

    def __init__(self, git: Git) -> None:
        self.git = git
        self._trees: dict[str, Tree] = {}
        self._blobs: dict[str, bytes] = {}
        self._parsed: dict[bytes, Progress] = {}
        self._indexes: dict[Path, Index] = {}
        self._head: str | None = None
        self._head_known = False

    @property
    def folder(self) -> Path:
        return self.git.folder

    def head(self) -> str | None:
        """The commit HEAD points at (asked once, then kept up to date by ``moved``)."""
        if not self._head_known:
            self._head, self._head_known = self.git.rev("HEAD"), True
        return self._head

    def moved(self, head: str | None) -> None:
        """HEAD now points at ``head`` (a commit or a check-out of this round)."""
        self._head, self._head_known = head, True

    def tree(self, rev: str | None) -> Tree:
        """Every file in a commit: path -> (mode, blob id); empty for None."""
        if rev is None:
            return {}
        found = self._trees.get(rev)
        if found is None:
            found = self._trees[rev] = self.git.tree(rev)
        return found

    def blob(self, blob: str) -> bytes:
        found = self._blobs.get(blob)
        if found is None:
            found = self._blobs[blob] = self.git.blob(blob)
        return found

    def write_blob(self, data: bytes) -> str:
        blob = self.git.write_blob(data)
        self._blobs[blob] = data
        return blob

    @property
    def parsed(self) -> dict[bytes, Progress]:
        """Each content this round has read (the remote's checks add theirs)."""
        return self._parsed

    def progress(self, raw: bytes, file: Path, path_id: str) -> Progress:
        """``merge.parse``, once per content (ProgressFileError as it says)."""
        return check_schema(self._read(raw, file, path_id), file)

    def _read(self, raw: bytes, file: Path, path_id: str) -> Progress:
        found = self._parsed.get(raw)
        if found is None or found.path_id != path_id:
            found = self._parsed[raw] = read(raw, file, path_id, self.index(file))
        return found

    def index(self, file: Path) -> Index:
        """What the store has read of ``file`` (``storage/sections.py``): both
        sides of a merge mostly hold collections this device read before."""
        found = self._indexes.get(file)
        if found is None:
            from pathtui.storage.sections import Index

            found = self._indexes[file] = Index(file)
        return found

    def wrote(self, file: Path, data: bytes) -> None:
        """``file`` now holds ``data``: if this round parsed or merged it, its
        sections go in the index, so the next command reads none of them."""
        progress = self._parsed.get(data)
        if progress is not None:
            self.index(file).note(progress, data)

    def keep_indexes(self) -> None:
        """Write the indexes this round added to (best effort)."""
        for index in self._indexes.values():
            index.save()

    def merge(self, ours: bytes, theirs: bytes, file: Path, path_id: str) -> bytes:
        """``merge.merge_files``, with each side parsed once per round."""
        out, result = merged(
            self.progress(ours, file, path_id), self.progress(theirs, file, path_id), file
        )
        self._parsed.setdefault(out, result)
        return out

    def count(self, before: bytes | None, after: bytes | None, file: Path, path_id: str) -> int:
        """``merge.count_changes``, with each side parsed once per round; a
        collection both sides hold as the same text is not looked at."""
        if before == after:
            return 0
        old = None if before is None else self._read(before, file, path_id)
        new = None if after is None else self._read(after, file, path_id)
        same: frozenset[str] = frozenset()
        if old is not None and new is not None:
            same = frozenset(
                name
                for name, lazy in old.pending.items()
                if name in new.pending and new.pending[name].digest == lazy.digest
            )
        return count_pictures(
            {} if old is None else picture_of(old, same),
            {} if new is None else picture_of(new, same),
        )
