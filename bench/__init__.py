"""Benchmarks (``make bench``): each bench_*.py module times one part against its peers."""
