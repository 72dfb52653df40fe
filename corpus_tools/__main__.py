"""``python -m corpus_tools`` is the same as the ``corpus-tools`` command."""

import sys

from corpus_tools.cli import main

if __name__ == "__main__":  # cluster workers are spawned and re-import this module: they must not run the CLI
    sys.exit(main())
