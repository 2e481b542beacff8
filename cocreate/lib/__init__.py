"""Pure helpers with their own tests: no models, no requests."""
