"""`authoring serve`: a local web page beside the questionnaire — its findings, summary and a live preview.

folder: which questionnaires may be served (names from the folder listing, never paths);
inspect: one questionnaire checked, with its context and preview, cached until the file changes;
preview: the report's HTML (the PDF's template) laid out as A4 sheets for the screen;
pages: our own pages (Chinese, autoescaped, no external resources);
app: the Starlette routes, the file watcher and the server-sent events; server: binding and starting.
"""
