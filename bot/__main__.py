"""`python -m bot` runs the vanthu command line."""

from bot.cli import main

main()
