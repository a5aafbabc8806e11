"""Hall kiosk: a terminal for medical-insurance office halls."""

__version__ = "0.1.0"
