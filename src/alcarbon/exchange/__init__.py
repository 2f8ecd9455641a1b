"""Exchange formats from a GB/T 44905 result: PACT v3.0 ProductFootprint, EU CBAM summary."""
