"""The project's exception tree: one root, one branch per layer, each with a user-facing message.

Every error carries a Chinese message (shown first) and an English one, so the CLI can print a
one-line reason in both languages and the web layer can render the Chinese one.
"""

from __future__ import annotations


class PlanwatchError(Exception):
    """Root of every error planwatch raises on purpose."""

    status = 400  # HTTP status when the error reaches the web layer
    exit_code = 2  # CLI exit code

    def __init__(self, zh: str, en: str | None = None) -> None:
        super().__init__(zh if en is None else f"{zh} / {en}")
        self.zh = zh
        self.en = en or zh

    def one_line(self) -> str:
        """The message as one line, Chinese first: what the CLI prints."""
        text = self.zh if self.en == self.zh else f"{self.zh} / {self.en}"
        return " ".join(text.split())


class DocumentError(PlanwatchError):
    """A document could not be read: missing, empty, corrupt, encrypted, too large, unknown."""


class ExtractionError(PlanwatchError):
    """A readable document did not yield a plan."""


class ContractError(PlanwatchError):
    """A JSON document does not conform to one of the shared contracts."""


class EvaluationError(PlanwatchError):
    """Input to the evaluation engine is unusable."""


class PermissionDenied(PlanwatchError):
    """The user may not do this."""

    status = 403
