"""Entry point of the tool: ``python generate.py [lệnh] [--ky 10/2025] …`` (see ``baocao/cli.py``)."""
import sys

from baocao.cli import main

if __name__ == "__main__":
    sys.exit(main())
