"""Benchmark harness: a synthetic four-language corpus and drivers that time the engine end to end."""
