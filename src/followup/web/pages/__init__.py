"""The web app's pages: one module per page (and the forms that act from it), each with its
own router; `web/app.py` includes them all."""
