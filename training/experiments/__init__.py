"""One-off experiments behind numbers in session notes; not tools, not run by the tests."""
