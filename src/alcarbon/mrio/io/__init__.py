"""MRIO readers and writers: China MRIO spreadsheet layout, CEADs inventories, long CSV,
pymrio systems, concordances, synthetic tables."""
