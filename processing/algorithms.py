"""Every algorithm the provider offers, in toolbox order."""
from __future__ import annotations

from .closed_mines import ClosedMines
from .export_atlas import ExportAtlas
from .export_ledger import ExportLedger
from .farmland_balance import FarmlandBalanceAlgorithm
from .farmland_classification import FarmlandClassificationAlgorithm
from .farmland_outflow import FarmlandOutflowAlgorithm
from .farmland_restoration import FarmlandRestorationAlgorithm
from .idle_land import IdleLandScreeningAlgorithm
from .import_ledger import ImportLedger
from .ledger_letters import LedgerLetters
from .mine_rehabilitation import MineRehabilitation

ALGORITHMS = [MineRehabilitation, ClosedMines]
ALGORITHMS += [FarmlandRestorationAlgorithm, FarmlandBalanceAlgorithm, FarmlandOutflowAlgorithm,
               FarmlandClassificationAlgorithm]
ALGORITHMS += [ExportLedger, ImportLedger]
ALGORITHMS += [LedgerLetters, ExportAtlas]
ALGORITHMS += [IdleLandScreeningAlgorithm]
