"""serve: parley's web view and HTTP API over the knowledge base (see :func:`parley.serve.app.create_app`)."""
