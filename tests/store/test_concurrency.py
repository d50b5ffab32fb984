"""Two writers at once (two ingest processes, or an ingest and `dyad serve --allow-ingest`):
no failure, no duplicate, on SQLite (BEGIN IMMEDIATE + busy timeout) and PostgreSQL
(ON CONFLICT for shared actors and dyads, one retry for the same article)."""

from __future__ import annotations

import threading

from dyad.store import open_store
import kb_builders as builders  # tests/kb_builders.py (pytest pythonpath)




def test_two_writers_ingesting_the_same_articles(db_url):
    docs = [builders.seed_document(), *builders.other_documents()]
    with open_store(db_url) as store:
        store.ingest(docs)
        expected = store.counts()
        expected_docs = [store.document(d.title) for d in docs]
    # Start from an empty knowledge base so that both writers race to create the same
    # actors, dyads and articles.
    with open_store(db_url) as store:
        for doc in docs:
            store.delete(doc.title)
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def writer(order):
        try:
            with open_store(db_url) as store:
                start.wait()
                for _ in range(3):
                    store.ingest(order)
        except BaseException as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(docs,)),
               threading.Thread(target=writer, args=(docs[::-1],))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    with open_store(db_url) as store:
        assert store.counts() == expected
        assert [store.document(d.title) for d in docs] == expected_docs
