"""QGIS-free domain logic of Land Supervision.

Nothing in this package may import ``qgis``: the rules are unit-tested in a
plain Python and can be reused outside QGIS.
"""
