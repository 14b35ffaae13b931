"""The supervision app's pages, one module per topic; each brings its own routes."""
