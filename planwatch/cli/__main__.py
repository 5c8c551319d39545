"""`python -m planwatch.cli` runs the console script."""

from planwatch.cli import main

main()
