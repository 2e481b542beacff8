"""Pure helpers with their own tests: no models, no database. `charts` and `exports` also build the HTTP
response for a chart or a file, since every app sends them the same way."""
