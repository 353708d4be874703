"""Registrations with the kernel (filing kinds, home work-list sections), imported by AppConfig.ready()."""
