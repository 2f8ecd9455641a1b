"""MRIO core: the IO table model, Leontief solves, production/consumption accounts, embodied
flows, satellites, target-sector analysis, structural paths, the transfer network."""
