"""``make bench``: see :mod:`booklet.bench` (the code lives in the package)."""

import sys

from booklet.bench import main

sys.exit(main())
