"""Rerunnable benchmarks. Run them as modules from the project root: `python -m benchmarks.NAME`."""
