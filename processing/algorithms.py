"""Every algorithm the provider offers, in toolbox order."""
from __future__ import annotations

from .closed_mines import ClosedMines
from .farmland_balance import FarmlandBalanceAlgorithm
from .farmland_classification import FarmlandClassificationAlgorithm
from .farmland_restoration import FarmlandRestorationAlgorithm
from .mine_rehabilitation import MineRehabilitation

ALGORITHMS = [MineRehabilitation, ClosedMines]
ALGORITHMS += [FarmlandRestorationAlgorithm, FarmlandBalanceAlgorithm, FarmlandClassificationAlgorithm]
ALGORITHMS += [__import__(__package__ + '.export_ledger', fromlist=['ExportLedger']).ExportLedger]
