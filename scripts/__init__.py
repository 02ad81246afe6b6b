"""Build and maintenance scripts. Run them as modules from the project root: `python -m scripts.NAME`."""
