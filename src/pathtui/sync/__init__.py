"""Sync: progress shared between devices, one layer above storage.

``git.py`` runs the ``git`` command (never prompting, one sentence per
failure); ``clone.py`` keeps a working clone of a remote under pathtui's own
lock, knowing nothing of what the files hold; ``progress.py`` is
``pathtui sync`` on top of them; ``merge.py`` combines two copies of a
progress file (also as git's merge driver); ``conflicts.py`` merges the
copies a sync folder leaves; ``auto.py`` runs the rounds the tracker runs as
it opens and closes.
"""
