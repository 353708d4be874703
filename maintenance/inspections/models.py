"""Models of this area (stub: the area's owner fills it)."""
