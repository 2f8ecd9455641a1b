"""GB/T 44905 clause-10 / Appendix E report: facts -> content model -> HTML, PDF, XLSX, JSON."""
