"""alcarbon: carbon accounting for the aluminium industry chain.

Product carbon footprints per GB/T 44905-2024, province x year chain accounting and
MRIO embodied-carbon flows. Heavy libraries are imported lazily by the layers that need them.
"""

__version__ = "0.3.0"
