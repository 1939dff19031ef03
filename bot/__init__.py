"""The vanthu command line, settings, wiring and the chat platform edges."""
