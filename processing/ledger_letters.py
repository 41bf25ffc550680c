"""landsupervision:ledgerletters — 提醒函 / 督办函 (.docx) for every unit with overdue or due-soon items.

QGIS glue only: which unit gets which letter is core/letters, the documents core/letters_docx
(python-docx, an optional dependency: without it this algorithm says what to install).
"""
from __future__ import annotations

import os

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from .. import settings
from ..core import chase, deps, letters, overlay
from ..core.config import ConfigError
from ..translate import install_advice, message, tr
from . import ledger_items, outputs
from .base import LandSupervisionAlgorithm
from .layers import OutField, output_fields

OUT_FIELDS = (OutField("unit", "string", "收文单位"), OutField("letter", "string", "函件类型"),
              OutField("file", "string", "文件"), OutField("items", "int", "问题数"),
              OutField("overdue", "int", "逾期数"), OutField("area_mu", "double", "面积(亩)"))


class LedgerLetters(LandSupervisionAlgorithm):
    NAME = "ledgerletters"
    DISPLAY_NAME = "Reminder and supervision letters (提醒函/督办函)"
    GROUP_ID = "ledgers"
    GROUP_NAME = "Ledgers"
    ICON = "letter.svg"
    HELP = (
        "Writes one editable Word letter (.docx) per responsible unit that has open items overdue (逾期) or due soon "
        "(临期) on the as-of date: a 提醒函 (reminder), or a 督办函 (supervision letter) when at least one of its items is "
        "overdue by the chosen number of days or more. Each letter has the usual official layout (issuer, 文号 "
        "placeholder to fill in, title, addressee, the item list with 图斑编号, 位置, 面积, 问题, 整改时限 and 剩余天数, the required "
        "measures, the feedback deadline, issuer and date).\n"
        "Ledger items: any ledger layer (an analysis result, a ledger store's items); fields are found by the ledger "
        "names (整改时限/ZGSX/WCQX, 整改状态/ZGZT, 责任单位/ZRDW, 图斑编号/TBBH/RWBH …). Letters go to the units of the chosen field "
        "(empty = 责任单位; choose the county field to write to counties).\n"
        "Wording file: a replacement for the letters' shipped wording.\n"
        "The result is a table of the letters (unit, letter type, file, items, overdue items, area in 亩). Existing "
        "letters are replaced only when 覆盖已有文件 is ticked. Needs the Python package python-docx."
    )

    ESCALATE_DAYS = "ESCALATE_DAYS"
    ISSUER = "ISSUER"
    WORDING = "WORDING"
    OVERWRITE = "OVERWRITE"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    OUTPUT = "OUTPUT"
    LETTERS = "LETTERS"

    def initAlgorithm(self, config=None):  # noqa: N802 (Qt API name)
        self.addParameter(QgsProcessingParameterFeatureSource(
            ledger_items.INPUT, tr("Ledger items"), ledger_items.INPUT_TYPES))
        ledger_items.add_common_params(self, tr("Letters go to"), tr("A field; empty = 责任单位."))
        self.addParameter(QgsProcessingParameterNumber(
            self.ESCALATE_DAYS, tr("督办函 when an item is overdue by at least (days)"),
            QgsProcessingParameterNumber.Type.Integer,
            defaultValue=int(settings.load("chasing").get("escalate_days", 30)), minValue=1))
        self.addParameter(QgsProcessingParameterString(
            self.ISSUER, tr("Issuer (发文单位)"), defaultValue=settings.load("ledger").get("reporting_unit", ""),
            optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.WORDING, tr("Wording file (empty = the shipped wording)"), extension="json", optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.OVERWRITE, tr("Replace existing letters"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, tr("Folder for the letters")))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, tr("Letters written")))
        self.addOutput(QgsProcessingOutputNumber(self.LETTERS, tr("Number of letters")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (Qt API name)
        package = deps.missing_optional("docx")
        if package:
            raise QgsProcessingException(tr("Writing letters needs the Python package {0}. {1} Then restart QGIS.")
                                         .format(package, install_advice(deps.optional_install_command("docx"))))
        source = self.parameterAsSource(parameters, ledger_items.INPUT, context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, ledger_items.INPUT))
        self.check_destinations(parameters, context)  # the table's file can be written: before any letter
        folder = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        new_folder = not os.path.exists(folder)
        os.makedirs(folder, exist_ok=True)
        try:
            return self.write(parameters, context, feedback, source, folder)
        except BaseException:
            if new_folder and os.path.isdir(folder) and not os.listdir(folder):
                os.rmdir(folder)  # a failed or cancelled run leaves nothing, not even the folder it made
            raise

    def write(self, parameters, context, feedback, source, folder):
        """Plan the letters, write them with their table; a failure or cancel leaves neither."""
        from ..core.letters_docx import LetterWriteError, write_letters

        wording_path = self.parameterAsFile(parameters, self.WORDING, context)
        try:
            wording = letters.load_wording(wording_path)
        except ConfigError as exc:
            raise QgsProcessingException(tr("Wording file: {0}").format(message(exc)))
        escalate = self.parameterAsInt(parameters, self.ESCALATE_DAYS, context)
        issuer = self.parameterAsString(parameters, self.ISSUER, context).strip()
        if not issuer:
            feedback.pushWarning(tr("No issuer (发文单位) given: the letters leave the issuer's name blank."))
        _, items, group_field = ledger_items.read_items(self, parameters, context, feedback, source, False, "unit")
        as_of = ledger_items.as_of(self, parameters, context)
        warning_days = self.parameterAsInt(parameters, ledger_items.WARNING_DAYS, context)
        plan = letters.plan_letters(items, escalate)
        used: set = set()
        for letter in plan.letters:
            letter.file = letters.file_name(letter, wording, used)
        blank = [letter for letter in plan.letters if letter.unit == chase.item_template()[0].empty_label]
        if blank:
            feedback.pushWarning(tr(
                "{0} chased items have no {1}: their letter is addressed to '{2}'; fill in the field and run "
                "again.").format(len(blank[0].items), group_field, blank[0].unit))
        feedback.pushInfo(tr("{0} items read: {1} overdue or due soon in {2} letters; not chased: {3}.").format(
            len(items), plan.chased, len(plan.letters),
            ", ".join(f"{role} {n}" for role, n in sorted(plan.skipped.items())) or "0"))

        def progress(fraction):
            feedback.setProgress(20 + 70 * fraction)
            return feedback.isCanceled()

        self.check_cancel(feedback)
        written = {}

        def table(paths):  # the letters are still in their temporary folder: a failure here moves none in
            feedback.setProgressText(tr("Writing the table of letters"))
            rows = [[letter.unit, wording[letter.kind]["name"], path, len(letter.items), letter.overdue, letter.area]
                    for letter, path in zip(plan.letters, paths)]
            written["dest"] = self.write_output(parameters, self.OUTPUT, context, feedback,
                                                output_fields(None, OUT_FIELDS), QgsWkbTypes.Type.NoGeometry,
                                                source.sourceCrs(), rows, None)

        try:
            paths = write_letters(plan.letters, folder, wording, issuer, as_of, warning_days, escalate,
                                  self.parameterAsBoolean(parameters, self.OVERWRITE, context), progress, table)
        except overlay.Cancelled:
            raise QgsProcessingException(tr("Cancelled: nothing was written."))
        except LetterWriteError as exc:
            for made in self.created or []:  # the table, when the letters could not be moved in
                outputs.remove(made)
            raise QgsProcessingException(tr("The letters could not be written: {0}").format(message(exc)))
        for letter, path in zip(plan.letters, paths):
            feedback.pushInfo(tr("{0}: {1}, {2} items ({3} overdue).").format(
                os.path.basename(path), letter.unit, len(letter.items), letter.overdue))
        return {self.OUTPUT: written["dest"], self.OUTPUT_FOLDER: folder, self.LETTERS: len(paths)}
