"""Stage 5, archive: the edited draft to PDF/A for signing (``pdf``), the signed PDF checked (``signatures``) and
kept append-only with its record in the history and ``luu-tru/manifest.csv`` (``archive``), and re-hashed on demand
(``audit``)."""
