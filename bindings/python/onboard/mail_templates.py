"""The organization's mail in its language: templates per locale ("en", "de") and kind, each a
subject, a plain text and an HTML body in ICU MessageFormat (docs/mails.md lists the kinds and
their arguments). Claimed messages carry ``html`` beside ``body``."""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional

from ._native import ffi, lib, take_string, text
from .errors import check


class MailTemplateMethods:
    """Mixed into Directory: listing, changing and previewing the mail templates."""

    _dir: object

    def mail_templates(self, org_id: str, actor_id: str, locale: Optional[str] = None) -> List[Dict[str, Any]]:
        """The templates as the organization has them: dicts with locale, kind, subject, text, html
        ("" means made from the text) and which parts are the organization's own."""
        out = ffi.new("char**")
        check(lib.onb_mail_templates_list_json(out, self._dir, text(org_id), text(actor_id), text(locale)))
        return json.loads(take_string(out))

    def change_mail_template(self, org_id: str, actor_id: str, locale: str, kind: str, *,
                             subject: Optional[str] = None, text_body: Optional[str] = None,
                             html: Optional[str] = None) -> None:
        """Overrides parts of one template (None keeps a part, "" returns it to the shipped one).
        Raises InvalidInputError naming the part and the problem, PermissionDeniedError."""
        check(lib.onb_mail_template_change(self._dir, text(org_id), text(actor_id), text(locale), text(kind),
                                           text(subject), text(text_body), text(html)))

    def preview_mail_template(self, org_id: str, actor_id: str, locale: str, kind: str) -> Dict[str, str]:
        """A template filled in with sample values: {"subject", "text", "html"}."""
        out = ffi.new("char**")
        check(lib.onb_mail_template_preview_json(out, self._dir, text(org_id), text(actor_id), text(locale),
                                                 text(kind)))
        return json.loads(take_string(out))
