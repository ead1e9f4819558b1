"""`python -m app` is the same entry point as `juminzei`."""

import sys

from app.cli import main

sys.exit(main())
