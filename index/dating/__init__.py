"""Date phrases and publication dates; the public entry point is index.dates."""
