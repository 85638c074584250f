"""Run the command line: ``python -m openviz.cli``."""

import sys

from openviz.cli import main

sys.exit(main())
