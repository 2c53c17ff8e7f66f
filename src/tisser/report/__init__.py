"""The diagnosis report outside the core: load it from the store, shape it as JSON, render it
as a self-contained HTML page (Jinja2, server-side SVG charts, a small inline network map).

The CLI (``tisser diagnose``, ``tisser why``, ``tisser report``) and later the web call these.
"""
