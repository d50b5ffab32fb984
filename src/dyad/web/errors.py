"""One error shape for the whole HTTP surface.

Every error, from a bad parameter to an unknown dyad to a crash, is answered with
`{"error": {"status": 404, "code": "unknown_party", "message": "..."}}` (JSON routes) or the
same three facts on an HTML page (page routes), so that clients branch on `code`.
"""

from __future__ import annotations

from pydantic import BaseModel


class ApiError(Exception):
    """An error the API answers with `status` and a stable machine-readable `code`."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict:
        return {"error": {"status": self.status, "code": self.code, "message": self.message}}


class ErrorDetail(BaseModel):
    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    error: ErrorDetail


def described(*statuses: int) -> dict:
    """OpenAPI `responses` entries for the error statuses a route can answer."""
    text = {400: "Bad request (a parameter that cannot be used)",
            401: "Missing or wrong token", 403: "Not allowed", 404: "Not found",
            413: "Request body too large", 422: "Invalid parameter"}
    return {s: {"model": ErrorBody, "description": text.get(s, "Error")} for s in statuses}
