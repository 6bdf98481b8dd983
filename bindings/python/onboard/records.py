"""The records onboard returns, as frozen dataclasses built from its JSON."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Dict, List, Optional


def _time(value: Optional[str]) -> Optional[datetime]:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


@dataclass(frozen=True)
class Organization:
    """A tenant: its settings, roles and catalogs."""
    id: str
    name: str
    base_url: str
    time_zone: str
    seat_limit: Optional[int]
    default_role: str
    roles: List[Dict[str, Any]]
    offices: List[str]
    default_office: str
    teams: List[str]
    invitation_ttl: timedelta
    settings: Dict[str, Any]
    created_at: Optional[datetime]

    @classmethod
    def from_json(cls, o: Dict[str, Any]) -> "Organization":
        return cls(id=o["id"], name=o["name"], base_url=o["base_url"], time_zone=o["time_zone"],
                   seat_limit=o.get("seat_limit"), default_role=o.get("default_role", ""), roles=o.get("roles", []),
                   offices=o.get("offices", []), default_office=o.get("default_office", ""),
                   teams=o.get("teams", []),
                   invitation_ttl=timedelta(seconds=o["settings"]["invitation_ttl_seconds"]),
                   settings=o["settings"], created_at=_time(o.get("created_at")))


@dataclass(frozen=True)
class User:
    """A person in an organization (never a password hash or key)."""
    id: str
    email: str
    display_name: str
    first_name: str
    last_name: str
    username: str
    role: str
    office: str
    teams: List[str]
    status: str
    external_id: str
    attributes: Dict[str, str]
    must_change_password: bool
    name_locked: bool
    source: str
    created_at: Optional[datetime]
    activated_at: Optional[datetime]

    @classmethod
    def from_json(cls, o: Dict[str, Any]) -> "User":
        return cls(id=o["id"], email=o.get("email", ""), display_name=o.get("display_name", ""),
                   first_name=o.get("first_name", ""), last_name=o.get("last_name", ""),
                   username=o.get("username", ""), role=o.get("role", ""), office=o.get("office", ""),
                   teams=list(o.get("teams", [])), status=o["status"], external_id=o.get("external_id", ""),
                   attributes=dict(o.get("attributes", {})),
                   must_change_password=bool(o.get("must_change_password", False)),
                   name_locked=bool(o.get("name_locked", False)), source=o.get("source", ""),
                   created_at=_time(o.get("created_at")), activated_at=_time(o.get("activated_at")))


@dataclass(frozen=True)
class Invitation:
    """An invitation without its secret; `status` is as of when it was read."""
    id: str
    email: str
    role: str
    team: str
    office: str
    status: str
    expires_at: datetime
    created_at: Optional[datetime]
    resend_count: int
    invited_by: str
    accepted_at: Optional[datetime]

    @classmethod
    def from_json(cls, o: Dict[str, Any]) -> "Invitation":
        return cls(id=o["id"], email=o["email"], role=o["role"], team=o.get("team", ""), office=o["office"],
                   status=o["status"], expires_at=_time(o["expires_at"]), created_at=_time(o.get("created_at")),
                   resend_count=int(o.get("resend_count", 0)), invited_by=o.get("invited_by", ""),
                   accepted_at=_time(o.get("accepted_at")))


@dataclass(frozen=True)
class IssuedInvitation:
    """A new or resent invitation with its token and link: shown once, send them and forget them."""
    invitation: Invitation
    token: str = field(repr=False)
    link: str = field(repr=False)


@dataclass(frozen=True)
class CreatedOrganization:
    """A new organization, its first administrator, and the generated password if one was made."""
    organization: Organization
    admin: User
    generated_password: Optional[str] = field(default=None, repr=False)


@dataclass(frozen=True)
class OutboxMessage:
    """Mail for the host to send. From claim_outbox, `body` is ready to send (secrets filled in)."""
    id: str
    kind: str
    recipient: str
    subject: str
    body: str = field(repr=False)
    carries_secret: bool
    state: str
    created_at: Optional[datetime]
    claimed_until: Optional[datetime]
    attempts: int
    sent_at: Optional[datetime]
    html: str = field(default="", repr=False)  # the same message as HTML ("" when none)

    @classmethod
    def from_json(cls, o: Dict[str, Any]) -> "OutboxMessage":
        return cls(id=o["id"], kind=o["kind"], recipient=o["recipient"], subject=o["subject"], body=o["body"],
                   carries_secret=bool(o.get("carries_secret", False)), state=o["state"],
                   created_at=_time(o.get("created_at")), claimed_until=_time(o.get("claimed_until")),
                   attempts=int(o.get("attempts", 0)), sent_at=_time(o.get("sent_at")), html=o.get("html", ""))


@dataclass(frozen=True)
class AuditEvent:
    """Who did what to whom, and when."""
    id: str
    actor: str
    action: str
    target: str
    at: datetime
    details: Any

    @classmethod
    def from_json(cls, o: Dict[str, Any]) -> "AuditEvent":
        return cls(id=o["id"], actor=o["actor"], action=o["action"], target=o["target"], at=_time(o["at"]),
                   details=o.get("details"))


@dataclass(frozen=True)
class RegistrationKey:
    """A 10-digit organization key without its digits; `status` is as of when it was read.
    From Directory.registration_keys(), `registered` lists the people who registered with it."""
    id: str
    label: str
    role: str
    team: str
    office: str
    status: str
    valid_until: Optional[datetime]
    max_uses: Optional[int]
    use_count: int
    revoked: bool
    created_by: str
    created_at: Optional[datetime]
    registered: List[User] = field(default_factory=list)

    @classmethod
    def from_json(cls, o: Dict[str, Any]) -> "RegistrationKey":
        return cls(id=o["id"], label=o.get("label", ""), role=o["role"], team=o.get("team", ""),
                   office=o["office"], status=o["status"], valid_until=_time(o.get("valid_until")),
                   max_uses=o.get("max_uses"), use_count=int(o.get("use_count", 0)),
                   revoked=bool(o.get("revoked", False)), created_by=o.get("created_by", ""),
                   created_at=_time(o.get("created_at")),
                   registered=[User.from_json(u) for u in o.get("registered", [])])


@dataclass(frozen=True)
class IssuedRegistrationKey:
    """A new 10-digit key with its digits: shown once, hand them out and forget them."""
    key: RegistrationKey
    digits: str = field(repr=False)
    grouped: str = field(repr=False)


@dataclass(frozen=True)
class IssuedUserKey:
    """A pre-created user waiting for activation, with their 29-digit key: shown once."""
    user: User
    digits: str = field(repr=False)
    grouped: str = field(repr=False)


@dataclass(frozen=True)
class RegistrationDocument:
    """Printable pages, one per person, carrying keys in clear: print them, never store them."""
    format: str
    content: bytes = field(repr=False)
    pages: int = 0


@dataclass(frozen=True)
class SignupLink:
    """A self-registration link without its token; `status` is as of when it was read."""
    id: str
    label: str
    role: str
    team: str
    office: str
    status: str
    expires_at: Optional[datetime]
    max_uses: Optional[int]
    use_count: int
    allowed_domains: List[str]
    enabled: bool
    created_by: str
    created_at: Optional[datetime]

    @classmethod
    def from_json(cls, o: Dict[str, Any]) -> "SignupLink":
        return cls(id=o["id"], label=o.get("label", ""), role=o["role"], team=o.get("team", ""),
                   office=o["office"], status=o["status"], expires_at=_time(o.get("expires_at")),
                   max_uses=o.get("max_uses"), use_count=int(o.get("use_count", 0)),
                   allowed_domains=list(o.get("allowed_domains", [])), enabled=bool(o.get("enabled", True)),
                   created_by=o.get("created_by", ""), created_at=_time(o.get("created_at")))


@dataclass(frozen=True)
class IssuedSignupLink:
    """A new link with its token and URL: shown once (the QR code can be drawn again)."""
    link: SignupLink
    token: str = field(repr=False)
    url: str = field(repr=False)


@dataclass(frozen=True)
class LinkRegistration:
    """The answer to a self-registration (a link or a 10-digit key). It is the same whether the
    email was free, already had an account or waited for a confirmation, on purpose: a message
    is on its way to `email` either way."""
    email: str
    check_email: bool = True


@dataclass(frozen=True)
class UserPage:
    """One page of users; pass `next_after` as `after` for the next one (None on the last page)."""
    users: List[User]
    next_after: Optional[str]
