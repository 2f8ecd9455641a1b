"""MRIO outputs: result tables written to files, figures and their labels."""
