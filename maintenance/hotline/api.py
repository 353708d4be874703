def register(router):
    """Register this area's API viewsets on the /api/v1/ router."""
