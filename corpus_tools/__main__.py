"""``python -m corpus_tools`` is the same as the ``corpus-tools`` command."""

import sys

from corpus_tools.cli import main

sys.exit(main())
