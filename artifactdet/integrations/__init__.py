"""Adapters for data-processing frameworks; each needs its framework's extra (e.g. ``artifactdet[datatrove]``)."""
