"""Account administration (sys_admin) and role and grant administration (sec_admin): the pages under
/accounts/admin/, and the services they and the beat tasks share (services.py)."""
