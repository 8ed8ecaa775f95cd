"""``python -m baocao …``: the same command line as ``python generate.py …``."""
from .cli import exit_with, main

if __name__ == "__main__":
    exit_with(main())
