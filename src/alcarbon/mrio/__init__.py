"""MRIO embodied-carbon flows between regions and sectors, with network analysis.

Readers (China MRIO spreadsheet layout, CEADs provincial inventories, tidy long CSV, pymrio),
Leontief solves without forming L, production/consumption accounts, region x region embodied
flows, target-sector analysis, structural path analysis, transfer-network metrics, EEBT,
whole-network SNA indices, CONCOR block model, QAP, Monte Carlo over A and F, figures,
synthetic tables.
"""

from __future__ import annotations

from alcarbon.mrio.core.accounts import (
    Prepared,
    balance,
    consumption_account,
    embodied_flows,
    embodied_flows_detail,
    footprint_by_region_sector,
    net_transfers,
    production_account,
)
from alcarbon.mrio.core.blocks import block_density, block_roles, concor
from alcarbon.mrio.core.eebt import domestic_multipliers, eebt_flows, reconciliation
from alcarbon.mrio.core.leontief import LeontiefSolver, calc_A, calc_L, calc_M, calc_S, calc_x
from alcarbon.mrio.core.model import EXPORT, OTHERS, IOTable, Satellite
from alcarbon.mrio.core.montecarlo import CVs, MCResult, monte_carlo
from alcarbon.mrio.core.pipeline import analyse, resolve_sectors, side_by_side
from alcarbon.mrio.core.qap import qap_correlation, qap_regression
from alcarbon.mrio.core.satellite import (
    emissions_from_energy,
    factor_table_from_library,
    satellite_from_series,
)
from alcarbon.mrio.core.sna import binarise, network_indices
from alcarbon.mrio.core.spa import SPAResult, structural_paths
from alcarbon.mrio.core.target import (
    direct_vs_embodied,
    net_position,
    sector_flows,
    upstream_decomposition,
)
from alcarbon.mrio.io.ceads import CeadsLayout, load_ceads_layout, read_ceads
from alcarbon.mrio.io.ceads_bridge import ceads_satellite, read_ceads_concordance
from alcarbon.mrio.io.concordance import aggregate_results, aggregate_table, read_concordance
from alcarbon.mrio.io.layout import DEFAULT_LAYOUT, Layout, load_layout
from alcarbon.mrio.io.read_china import read_china_mrio
from alcarbon.mrio.io.read_long import read_long_csv, write_long_csv
from alcarbon.mrio.io.read_pymrio import EmbodiedAccounts, from_pymrio
from alcarbon.mrio.io.synth import random_system
from alcarbon.mrio.io.synth_ceads import synthetic_ceads, write_ceads_xlsx
from alcarbon.mrio.io.synth_china import synthetic_china_table, write_china_xlsx

__all__ = [
    "DEFAULT_LAYOUT", "EXPORT", "OTHERS", "CeadsLayout", "EmbodiedAccounts", "IOTable", "Layout",
    "LeontiefSolver", "Prepared", "SPAResult", "Satellite", "aggregate_results",
    "aggregate_table", "analyse", "balance", "ceads_satellite", "load_ceads_layout",
    "read_ceads", "read_ceads_concordance", "synthetic_ceads", "write_ceads_xlsx", "calc_A",
    "calc_L", "calc_M", "calc_S", "calc_x",
    "consumption_account", "direct_vs_embodied", "embodied_flows", "embodied_flows_detail",
    "emissions_from_energy", "factor_table_from_library", "footprint_by_region_sector",
    "from_pymrio", "load_layout", "net_position", "net_transfers", "production_account",
    "random_system", "read_china_mrio", "read_concordance", "read_long_csv", "resolve_sectors",
    "satellite_from_series", "sector_flows", "side_by_side", "structural_paths",
    "synthetic_china_table", "upstream_decomposition", "write_china_xlsx", "write_long_csv",
    "CVs", "MCResult", "binarise", "block_density", "block_roles", "concor",
    "domestic_multipliers", "eebt_flows", "monte_carlo", "network_indices", "qap_correlation",
    "qap_regression", "reconciliation",
]
