"""``python -m pathtui`` runs the same entry point as the console script."""

import sys

from pathtui.cli.entry import main

sys.exit(main())
