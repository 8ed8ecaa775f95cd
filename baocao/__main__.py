"""``python -m baocao …``: the same command line as ``python generate.py …``."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
