"""The analysis steps: each takes and returns frames, knows no files and no user interface."""
