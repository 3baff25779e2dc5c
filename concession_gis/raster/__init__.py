"""Forest-loss rasters: reading them in windows and exact ellipsoidal zonal statistics."""
