"""Entry point of the tool: ``python generate.py [lệnh] [--ky 10/2025] …`` (see ``baocao/cli.py``)."""
import sys

if sys.version_info < (3, 11):
    sys.stderr.write("Công cụ cần Python 3.11 trở lên; Python đang dùng là %d.%d. Hãy chạy bằng tệp bao-cao.bat "
                     "(Windows) hoặc ./bao-cao.sh (Linux, macOS).\n" % sys.version_info[:2])
    sys.exit(3)

from baocao.cli import exit_with, main  # noqa: E402 - only once the version is known to run it

if __name__ == "__main__":
    exit_with(main())
