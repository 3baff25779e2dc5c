"""Readers and writers: everything that touches files lives here; the analysis takes frames."""
