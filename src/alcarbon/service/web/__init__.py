"""Server-rendered web pages (zh/en): forms, labels, templates and static files."""
