"""The web workbench (``yusuan serve``): server-rendered pages over the store for reviewers.

:func:`yusuan.web.app.create_app` builds the application; docs/web.md describes the pages, the
roles and the security measures."""
