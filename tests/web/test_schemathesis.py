"""The API against its own OpenAPI spec: schemathesis generates requests, valid and invalid,
for every operation and runs its default checks on each response (no server error, only
documented status codes and content types, responses matching their schemas, invalid input
rejected). Examples are bounded so that the run stays fast.

(Driven through hypothesis directly: schemathesis' pytest fixture loader does not work with
this pytest's import mode.)"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from dyad.web import create_app


@pytest.fixture(scope="module")
def api_schema(kb_url):
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(kb_url))


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_api_conforms_to_its_openapi(api_schema, mode):
    ops = operations(api_schema)
    assert len(ops) >= 10
    for op in ops:
        @given(case=op.as_strategy(generation_mode=mode))
        @settings(max_examples=15, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case):
            case.call_and_validate()

        check()


# Random names rarely hit a stored dyad, so the answers of real ones are checked as well.
KNOWN = [
    ("/api/dyads", {}, {"q": "NKR"}),
    ("/api/dyads/{a}/{b}", {"a": "armenia", "b": "artsakh"}, {}),
    ("/api/dyads/{a}/{b}/timeline", {"a": "NKR", "b": "Armenia"}, {"from": "1988", "limit": 5}),
    ("/api/dyads/{a}/{b}/status", {"a": "armenia", "b": "artsakh"}, {"on": "2024-06-01"}),
    ("/api/events/{event_id}", {"event_id": 1}, {}),
    ("/api/articles", {}, {}),
    ("/api/articles/{article_id}", {"article_id": 1}, {}),
    ("/api/polities", {}, {"q": "art"}),
    ("/api/polities/{name}", {"name": "artsakh"}, {}),
    ("/api/search", {}, {"q": "Yerevan"}),
    ("/dyads/{a}/{b}.json", {"a": "armenia", "b": "artsakh"}, {}),
    ("/events/{event_id}.json", {"event_id": 1}, {}),
    ("/search.json", {}, {"q": "protest"}),
]


@pytest.mark.parametrize("path,path_parameters,query", KNOWN)
def test_real_answers_match_their_schema(api_schema, path, path_parameters, query):
    case = api_schema[path]["GET"].Case(path_parameters=path_parameters, query=query)
    response = case.call_and_validate()
    assert response.status_code == 200, response.text
