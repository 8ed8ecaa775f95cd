"""``python -m baocao …``: the same command line as ``python generate.py …``."""
import sys

from .cli import main

sys.exit(main())
