"""Builders of test data shared by the tests of several apps and by the benchmarks.

They live outside the ``avance`` package: the application never imports them.
"""
