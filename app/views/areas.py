"""The work areas of the main window and the pages that make them up.

Each area is a navigation entry; its page is one widget, or tabs when the area has several.
A page class is constructed as `Page(session, worker, tax_year)` and may declare the signals
`open_person(int person_id, str purpose_code)` (the main window shows that person in 照会) and
`status_message(str)` (shown in the status bar). A page whose module is not present is not offered,
so an area grows by adding a module and one line here.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from app.views.messages import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class PageSpec:
    module: str  # app.views.<module>
    class_name: str
    label: str  # tab label, marked for translation in context "Areas"


@dataclass(frozen=True)
class AreaSpec:
    name: str  # the name used by app.services.session.AREAS
    label: str
    pages: tuple[PageSpec, ...]


AREA_PAGES: tuple[AreaSpec, ...] = (
    AreaSpec("inquiry", QT_TRANSLATE_NOOP("Areas", "照会"),
             (PageSpec("search_page", "SearchPage", QT_TRANSLATE_NOOP("Areas", "課税内容照会")),)),
    AreaSpec("employer", QT_TRANSLATE_NOOP("Areas", "事業所照会"),
             (PageSpec("employer_page", "EmployerPage", QT_TRANSLATE_NOOP("Areas", "特別徴収事業所照会")),)),
    AreaSpec("assessment", QT_TRANSLATE_NOOP("Areas", "賦課"), (
        PageSpec("return_entry_page", "ReturnEntryPage", QT_TRANSLATE_NOOP("Areas", "申告・報告書入力")),
        PageSpec("approval_page", "ApprovalPage", QT_TRANSLATE_NOOP("Areas", "承認待ち")),
        PageSpec("reduction_page", "ReductionPage", QT_TRANSLATE_NOOP("Areas", "減免")),
        PageSpec("salary_import_page", "SalaryImportPage", QT_TRANSLATE_NOOP("Areas", "給与支払報告書取込")),
        PageSpec("dependant_check_page", "DependantCheckPage", QT_TRANSLATE_NOOP("Areas", "扶養調査")),
        PageSpec("batch_page", "BatchPage", QT_TRANSLATE_NOOP("Areas", "一括計算")),
    )),
    AreaSpec("collection", QT_TRANSLATE_NOOP("Areas", "特別徴収"), (
        PageSpec("collection_page", "CollectionPage", QT_TRANSLATE_NOOP("Areas", "特別徴収義務者")),
        PageSpec("change_notice_page", "ChangeNoticePage", QT_TRANSLATE_NOOP("Areas", "異動届出書")),
        PageSpec("notice_print_page", "NoticePrintPage", QT_TRANSLATE_NOOP("Areas", "税額決定通知書")),
    )),
    AreaSpec("certificate", QT_TRANSLATE_NOOP("Areas", "証明"), (
        PageSpec("certificate_page", "CertificatePage", QT_TRANSLATE_NOOP("Areas", "証明書交付")),
        PageSpec("certificate_ledger_page", "CertificateLedgerPage", QT_TRANSLATE_NOOP("Areas", "交付台帳")),
        PageSpec("certificate_verify_page", "CertificateVerifyPage", QT_TRANSLATE_NOOP("Areas", "真正性確認")),
    )),
    AreaSpec("admin", QT_TRANSLATE_NOOP("Areas", "管理"),
             (PageSpec("card_admin_page", "CardAdminPage", QT_TRANSLATE_NOOP("Areas", "職員カード管理")),)),
    AreaSpec("audit", QT_TRANSLATE_NOOP("Areas", "操作ログ"),
             (PageSpec("audit_page", "AuditPage", QT_TRANSLATE_NOOP("Areas", "操作ログ")),)),
)


def present_pages(area: AreaSpec) -> list[tuple[PageSpec, type]]:
    """The area's pages whose modules exist, with their classes."""
    found = []
    for spec in area.pages:
        name = f"app.views.{spec.module}"
        if importlib.util.find_spec(name) is None:
            continue
        found.append((spec, getattr(importlib.import_module(name), spec.class_name)))
    return found
