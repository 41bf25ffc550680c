"""Rectification ledgers (整改台账): templates, ledger rows and the workbook writer (architecture §7).

Pure Python on openpyxl; nothing here imports qgis.
"""
