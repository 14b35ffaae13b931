"""Pages of the projects app, one module per topic; `projects/urls.py` gathers their routes."""
