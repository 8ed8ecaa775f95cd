"""The benchmark (run from the project folder: ``python -m bench.bench``)."""
