"""HTTP API routes (JSON): accounts and tokens, studies and revisions, evidence, computations."""
