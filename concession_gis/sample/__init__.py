"""Sample inputs in the real formats: the bundled demo and the scalable synthetic generator."""
