"""The benchmark (run from the project folder: ``python bench/bench.py``; ``python -m bench.bench`` works too)."""
