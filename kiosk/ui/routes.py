"""Every screen of the kiosk by name: the one module that knows the screen classes.

Screens never import each other: they name where to go (`self.kiosk.go("records")`)
and the app builds the screen from this table. Each entry imports its screen only
when first used, so start-up loads the welcome screen alone. FAMILY_WIZARD is the
order of the family-enrollment steps: adding or moving a step is one line there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.screen import Screen

# --- the table: route name -> the screen class, imported on first use ----------------------


def _welcome() -> type[Screen]:
    from kiosk.ui.screens.welcome import WelcomeScreen

    return WelcomeScreen


def _other_ways() -> type[Screen]:
    from kiosk.ui.screens.other_ways import OtherWaysScreen

    return OtherWaysScreen


def _login() -> type[Screen]:
    from kiosk.ui.screens.login import LoginScreen

    return LoginScreen


def _activate_identity() -> type[Screen]:
    from kiosk.ui.screens.activate_identity import ActivateIdentityScreen

    return ActivateIdentityScreen


def _activate_password() -> type[Screen]:
    from kiosk.ui.screens.activate_password import ActivatePasswordScreen

    return ActivatePasswordScreen


def _activation_done() -> type[Screen]:
    from kiosk.ui.screens.activation_done import ActivationDoneScreen

    return ActivationDoneScreen


def _home() -> type[Screen]:
    from kiosk.ui.screens.home import HomeScreen

    return HomeScreen


def _records() -> type[Screen]:
    from kiosk.ui.screens.records import RecordsScreen

    return RecordsScreen


def _voucher() -> type[Screen]:
    from kiosk.ui.screens.voucher import VoucherScreen

    return VoucherScreen


def _certificate_period() -> type[Screen]:
    from kiosk.ui.screens.certificate_period import CertificatePeriodScreen

    return CertificatePeriodScreen


def _certificate_preview() -> type[Screen]:
    from kiosk.ui.screens.certificate_preview import CertificatePreviewScreen

    return CertificatePreviewScreen


def _change_password() -> type[Screen]:
    from kiosk.ui.screens.change_password import ChangePasswordScreen

    return ChangePasswordScreen


def _family_account() -> type[Screen]:
    from kiosk.ui.screens.family_account import FamilyAccountScreen

    return FamilyAccountScreen


def _family_notice() -> type[Screen]:
    from kiosk.ui.screens.family_notice import FamilyNoticeScreen

    return FamilyNoticeScreen


def _family_member() -> type[Screen]:
    from kiosk.ui.screens.family_member import FamilyMemberScreen

    return FamilyMemberScreen


def _family_pages() -> type[Screen]:
    from kiosk.ui.screens.family_pages import FamilyPagesScreen

    return FamilyPagesScreen


def _family_letter() -> type[Screen]:
    from kiosk.ui.screens.family_letter import FamilyLetterScreen

    return FamilyLetterScreen


def _family_sign() -> type[Screen]:
    from kiosk.ui.screens.family_sign import FamilySignScreen

    return FamilySignScreen


def _family_confirm() -> type[Screen]:
    from kiosk.ui.screens.family_confirm import FamilyConfirmScreen

    return FamilyConfirmScreen


def _family_submitted() -> type[Screen]:
    from kiosk.ui.screens.family_submitted import FamilySubmittedScreen

    return FamilySubmittedScreen


def _staff_login() -> type[Screen]:
    from kiosk.ui.screens.staff_login import StaffLoginScreen

    return StaffLoginScreen


def _staff_desk() -> type[Screen]:
    from kiosk.ui.screens.staff_desk import StaffDeskScreen

    return StaffDeskScreen


def _citizen_desk() -> type[Screen]:
    from kiosk.ui.screens.citizen_desk import CitizenDeskScreen

    return CitizenDeskScreen


def _desk_activate() -> type[Screen]:
    from kiosk.ui.screens.desk_activate import DeskActivateScreen

    return DeskActivateScreen


def _temporary_password() -> type[Screen]:
    from kiosk.ui.screens.temporary_password import TemporaryPasswordScreen

    return TemporaryPasswordScreen


def _reveal_id() -> type[Screen]:
    from kiosk.ui.screens.reveal_id import RevealIdScreen

    return RevealIdScreen


def _review_queue() -> type[Screen]:
    from kiosk.ui.screens.review_queue import ReviewQueueScreen

    return ReviewQueueScreen


def _review_application() -> type[Screen]:
    from kiosk.ui.screens.review_application import ReviewApplicationScreen

    return ReviewApplicationScreen


def _page_viewer() -> type[Screen]:
    from kiosk.ui.screens.page_viewer import PageViewerScreen

    return PageViewerScreen


def _audit_log() -> type[Screen]:
    from kiosk.ui.screens.audit_log import AuditLogScreen

    return AuditLogScreen


def _confirm() -> type[Screen]:
    from kiosk.ui.screens.confirm import ConfirmScreen

    return ConfirmScreen


def _idle_warning() -> type[Screen]:
    from kiosk.ui.screens.idle_warning import IdleWarningScreen

    return IdleWarningScreen


def _out_of_service() -> type[Screen]:
    from kiosk.ui.screens.out_of_service import OutOfServiceScreen

    return OutOfServiceScreen


ROUTES: dict[str, Callable[[], type[Screen]]] = {
    # a citizen at a kiosk
    "welcome": _welcome,
    "other_ways": _other_ways,
    "login": _login,
    "activate_identity": _activate_identity,
    "activate_password": _activate_password,
    "activation_done": _activation_done,
    "home": _home,
    "records": _records,
    "voucher": _voucher,
    "certificate_period": _certificate_period,
    "certificate_preview": _certificate_preview,
    "change_password": _change_password,
    "family_account": _family_account,
    "family_notice": _family_notice,
    "family_member": _family_member,
    "family_pages": _family_pages,
    "family_letter": _family_letter,
    "family_sign": _family_sign,
    "family_confirm": _family_confirm,
    "family_submitted": _family_submitted,
    # staff at a desk
    "staff_login": _staff_login,
    "staff_desk": _staff_desk,
    "citizen_desk": _citizen_desk,
    "desk_activate": _desk_activate,
    "temporary_password": _temporary_password,
    "reveal_id": _reveal_id,
    "review_queue": _review_queue,
    "review_application": _review_application,
    "page_viewer": _page_viewer,
    "audit_log": _audit_log,
    # any terminal
    "confirm": _confirm,
    "idle_warning": _idle_warning,
    "out_of_service": _out_of_service,
}

# The family-enrollment wizard, in order. Each step is a DraftScreen built with the draft;
# its next_step() opens the one after it. The result (family_submitted) replaces them all.
FAMILY_WIZARD = [
    "family_notice",
    "family_member",
    "family_pages",
    "family_letter",
    "family_sign",
    "family_confirm",
]


# The screens a person reaches first, imported ahead of the first tap (KioskApp).
PREWARM_CITIZEN = ("login", "home", "records", "voucher", "family_account", "activate_identity")
PREWARM_STAFF = ("staff_login", "staff_desk", "citizen_desk", "home")


def prewarm(routes: tuple[str, ...]) -> None:
    """Import these screens' modules now (in a thread: nothing is drawn or mounted)."""
    for route in routes:
        ROUTES[route]()


def screen_class(route: str) -> type[Screen]:
    return ROUTES[route]()


def make(route: str, *args: Any, **kwargs: Any) -> Screen:
    """A new screen for `route`, built with these arguments."""
    return screen_class(route)(*args, **kwargs)


def showing(screen: object, route: str) -> bool:
    """True when `screen` is the route's screen."""
    return isinstance(screen, screen_class(route))


def step_after(step: object | None) -> str:
    """The wizard step after `step` (a screen of it), or the first one for None."""
    if step is None:
        return FAMILY_WIZARD[0]
    index = next(i for i, route in enumerate(FAMILY_WIZARD) if showing(step, route))
    return FAMILY_WIZARD[index + 1]
