"""``python -m pathtui`` runs the same entry point as the console script."""

import sys

from pathtui.entry import main

sys.exit(main())
