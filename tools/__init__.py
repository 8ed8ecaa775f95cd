"""Developer tools of the project (run from the project folder: ``python -m tools.build_template``)."""
