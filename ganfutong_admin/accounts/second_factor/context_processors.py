def second_factor(request):
    """`second_factor_off` for the login page's demo notice, `offer_second_factor` for the user menu (a session not
    verified by a second factor may enrol one); a setting and the session read, no query."""
    from . import required, session_verified

    on = required()
    return {"second_factor_off": not on, "offer_second_factor": on and not session_verified(request)}
