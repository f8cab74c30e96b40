"""Provider adapters: pure request builders and response parsers, one module per provider."""
