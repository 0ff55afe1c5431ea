"""Build tooling used by the Makefile, tests and benchmarks (not by chapters)."""
