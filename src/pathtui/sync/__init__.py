"""Sync: progress shared between devices, one layer above storage.

Two parts, so that another git-backed feature can use the first alone:

- the transport, which knows nothing of what the files hold: ``git.py`` runs
  the ``git`` command (never prompting, one sentence per failure, bounded,
  stoppable, killed with its helpers; stale lock files) and ``clone.py``
  keeps a working clone of a remote under pathtui's own lock (set-up,
  fetch, commit, push, a tree built without the index, its state);
- progress sync on top of it: ``progress.py`` is ``pathtui sync``, with
  ``remotefiles.py`` (what the remote brings, checked before any merge),
  ``integrate.py`` (the merge commit's tree, written out file by file),
  ``progressfiles.py`` (which files are progress, and their save locks),
  ``merge.py`` (two copies of a progress file combined; git's merge driver)
  and ``outcome.py`` (how the last round on this device ended).

``conflicts.py`` merges the copies a sync folder (Syncthing, Dropbox, ...)
leaves, and ``auto.py`` runs the rounds the tracker runs as it opens and
closes.
"""
