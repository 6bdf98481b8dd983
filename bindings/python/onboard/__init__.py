"""onboard for Python: invitations, registration keys and links, bulk import, users, outbox and audit over
libonboard's C ABI.

    import onboard
    with onboard.Directory.open("sqlite:acme.db", key_file="acme.key") as d:
        created = d.create_organization("Acme", admin_email="ada@acme.example", admin_name="Ada Lovelace")
"""
from ._native import HEADER_VERSION, LIBRARY_PATH, ffi, lib
from .confirmations import PendingConfirmation
from .directory import Directory
from .events import sign_webhook, verify_webhook
from .importing import ImportReport, RowError
from .password_links import PendingPasswordLink
from .errors import (AlreadyExistsError, AlreadyUsedError, AuthenticationFailedError, BusyError, CancelledError,
                     ExpiredError, InternalError, InvalidInputError, LimitExceededError, MisuseError,
                     MustChangePasswordError, NotFoundError, OnboardError, PermissionDeniedError, RevokedError,
                     StorageError, ThrottledError, UnsupportedFormatError, ValidationError, WeakPasswordError)
from .records import (AuditEvent, CreatedOrganization, Invitation, IssuedInvitation, IssuedRegistrationKey,
                      IssuedSignupLink, IssuedUserKey, LinkRegistration, Organization, OutboxMessage,
                      RegistrationDocument, RegistrationKey, SignupLink, User, UserPage)

__version__ = ffi.string(lib.onb_version_string()).decode()

__all__ = [
    "Directory", "Organization", "CreatedOrganization", "User", "Invitation", "IssuedInvitation", "OutboxMessage",
    "AuditEvent", "RegistrationKey", "IssuedRegistrationKey", "IssuedUserKey", "RegistrationDocument", "SignupLink",
    "IssuedSignupLink", "LinkRegistration", "PendingConfirmation", "PendingPasswordLink", "UserPage", "ImportReport", "RowError", "OnboardError", "InvalidInputError", "ValidationError", "NotFoundError", "AlreadyExistsError",
    "ExpiredError", "AlreadyUsedError", "RevokedError", "PermissionDeniedError", "WeakPasswordError",
    "ThrottledError", "LimitExceededError", "StorageError", "BusyError", "CancelledError", "UnsupportedFormatError",
    "MustChangePasswordError", "AuthenticationFailedError", "MisuseError", "InternalError", "HEADER_VERSION",
    "LIBRARY_PATH", "__version__", "sign_webhook", "verify_webhook",
]
