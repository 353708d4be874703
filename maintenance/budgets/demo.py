def seed(users):
    """Idempotent demo data of this area (users: the demo users by username)."""
