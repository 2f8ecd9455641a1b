"""Command-line interface (typer). Thin: parse, call the layers, print."""
