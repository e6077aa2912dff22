"""The web app: FastAPI routes over the services, Jinja2 + HTMX pages and a JSON API."""
