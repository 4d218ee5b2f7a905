"""Benchmarks (not tests): they print figures and never pass or fail on time. See docs/performance.md."""
