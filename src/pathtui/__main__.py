"""``python -m pathtui`` runs the same entry point as the console script."""

import sys

from pathtui.cli.script import main

sys.exit(main())
