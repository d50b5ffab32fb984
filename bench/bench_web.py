"""Benchmark: the explorer's timeline endpoint over a knowledge base of 100k synthetic events.

Builds (once, cached under bench/results/) a SQLite knowledge base through the real store:
100 synthetic articles of 1,000 events each. 50 articles are about one dyad (Aland–Borduria,
50k events: the worst case a single timeline page has to sort and count), the other 50 about
50 further dyads (1k events each). Then it starts `dyad.web.serve` in a separate process on a
free loopback port and drives `GET /api/dyads/{a}/{b}/timeline` with a bounded number of
requests from an asyncio load generator (httpx), at concurrency 1 and 4, over a mix of
pages: the first page, random offsets, a date range, a type filter, an actor filter.

Prints p50 / p90 / p99 / max latency (client side, ms), requests per second, and the
server's CPU time per request (robust when other processes share the machine).
Target (issue 5): p99 <= 50 ms.

    .venv/bin/python bench/bench_web.py [--requests 2000] [--rebuild]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
TYPES = [("AGREE", "agreed with"), ("CONSULT", "met"), ("REJECT", "rejected"),
         ("PROTEST", "protested against"), ("ACCUSE", "accused"), ("AID", "aided"),
         ("ASSAULT", "attacked"), ("SANCTION", "sanctioned"), ("COOPERATE", "cooperated with")]


def synthetic_document(n: int, party1: tuple[str, str], party2: tuple[str, str], seed: int):
    """One synthetic article about `party1`–`party2` with `n` dated events, one a sentence."""
    from dyad.model import (
        Actor, Article, Document, Dyad, Event, EventDate, Sentence, Timex, Trigger,
    )

    rng = random.Random(seed)
    (id1, name1), (id2, name2) = party1, party2
    parts, sentences, timexes, events = [], [], [], []
    m1, m2 = [], []
    pos = 0
    for i in range(n):
        y, m, d = rng.randint(1000, 2024), rng.randint(1, 12), rng.randint(1, 28)
        plover, verb = rng.choice(TYPES)
        src, tgt = ((name1, name2) if rng.random() < 0.5 else (name2, name1))
        date = f"{d} {_MONTHS[m - 1]} {y}"
        s = f"On {date}, {src} {verb} {tgt}. "
        start = pos
        t0 = start + 3
        a0 = t0 + len(date) + 2
        v0 = a0 + len(src) + 1
        b0 = v0 + len(verb) + 1
        (m1 if src == name1 else m2).append((a0, a0 + len(src)))
        (m2 if tgt == name2 else m1).append((b0, b0 + len(tgt)))
        iso = f"{y:04d}-{m:02d}-{d:02d}"
        # Coarser dates too, as real articles have: a year, a decade.
        precision = rng.random()
        if precision < 0.15:
            value, lo, hi = f"{y:04d}", f"{y:04d}-01-01", f"{y:04d}-12-31"
        elif precision < 0.2:
            value, lo, hi = f"{y // 10:03d}", f"{y // 10 * 10:04d}-01-01", f"{y // 10 * 10 + 9:04d}-12-31"
        else:
            value, lo, hi = iso, iso, iso
        timexes.append(Timex(id=f"t{i + 1}", start=t0, end=t0 + len(date), text=date,
                             type="DATE", value=value, earliest=lo, latest=hi, rule="bench"))
        sentences.append(Sentence(start, start + len(s) - 1))
        events.append(Event(
            id=f"e{i + 1}", trigger=Trigger(v0, v0 + len(verb.split()[0]), verb.split()[0]),
            sentence=i, type=plover, plover=plover,
            date=EventDate(value=value, earliest=lo, latest=hi, timex=f"t{i + 1}"),
            source=[id1 if src == name1 else id2], target=[id2 if tgt == name2 else id1],
            rule="bench"))
        parts.append(s)
        pos += len(s)
    title = f"{name1}–{name2} relations (synthetic {seed})"
    doc = Document(article=Article(source=f"bench:{seed}", format="plaintext", title=title,
                                   text="".join(parts)))
    doc.sentences, doc.timexes, doc.events = sentences, timexes, events
    doc.actors = [Actor(id=id1, name=name1, kind="polity", aliases=[name1], mentions=m1),
                  Actor(id=id2, name=name2, kind="polity", aliases=[name2], mentions=m2)]
    doc.dyad = Dyad(party1=id1, party2=id2)
    return doc


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def build(path: Path, articles: int = 100, per_article: int = 1000) -> None:
    import dyad

    if path.exists():
        path.unlink()
    store = dyad.open(f"sqlite:///{path}")
    big = (("polity:ALA", "Aland"), ("polity:BOR", "Borduria"))
    t = time.perf_counter()
    for i in range(articles):
        if i < articles // 2:
            pair = big
        else:
            pair = (("polity:ALA", "Aland"), (f"polity:X{i:03d}", f"Xland {i:03d}"))
        store.ingest([synthetic_document(per_article, *pair, seed=i)])
    counts = store.counts()
    store.close()
    print(f"built {path.name}: {counts['events']} events, {counts['dyads']} dyads, "
          f"{counts['articles']} articles in {time.perf_counter() - t:.1f}s", file=sys.stderr)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def requests_mix(n: int, rng: random.Random) -> list[str]:
    base = "/api/dyads/aland/borduria/timeline"
    urls = []
    for _ in range(n):
        r = rng.random()
        if r < 0.3:
            urls.append(base)
        elif r < 0.55:
            urls.append(f"{base}?offset={rng.randrange(0, 5000)}&limit=100")
        elif r < 0.75:
            y = rng.randint(1000, 2020)
            urls.append(f"{base}?from={y}&to={y + rng.randint(0, 4)}")
        elif r < 0.9:
            urls.append(f"{base}?type={rng.choice(TYPES)[0]}")
        else:
            urls.append(f"{base}?actor=Borduria&from={rng.randint(1000, 2000)}")
    return urls


async def drive(base: str, urls: list[str], concurrency: int) -> tuple[list[float], float, int]:
    import httpx

    latencies: list[float] = []
    errors = 0
    queue = list(reversed(urls))

    async def worker(client):
        nonlocal errors
        while queue:
            url = queue.pop()
            t = time.perf_counter()
            r = await client.get(url)
            latencies.append((time.perf_counter() - t) * 1000)
            if r.status_code != 200 or not r.json()["events"]:
                errors += 1

    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        for url in urls[:20]:  # warm-up: connections, SQLite page cache
            await client.get(url)
        t = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - t
    return latencies, elapsed, errors


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU time of the server process so far (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=2000, help="requests per concurrency level")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the synthetic database")
    args = ap.parse_args()
    RESULTS.mkdir(exist_ok=True)
    db = RESULTS / "web-100k.db"
    if args.rebuild or not db.exists():
        build(db)
    port = free_port()
    code = ("from dyad.web import serve; "
            f"serve('sqlite:///{db}', port={port}, log_level='warning', access_log=False)")
    server = subprocess.Popen([sys.executable, "-c", code])
    try:
        import httpx

        deadline = time.time() + 30
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{port}/api/dyads?limit=1", timeout=1)
                break
            except httpx.HTTPError:
                if time.time() > deadline:
                    raise SystemExit("server did not start")
                time.sleep(0.2)
        rng = random.Random(42)
        print(f"{'concurrency':>11} {'requests':>8} {'p50 ms':>7} {'p90 ms':>7} {'p99 ms':>7} "
              f"{'max ms':>7} {'req/s':>7} {'errors':>6} {'server CPU ms/req':>17}")
        for concurrency in (1, 4):
            urls = requests_mix(args.requests, rng)
            cpu0 = server_cpu_seconds(server.pid)
            lat, elapsed, errors = asyncio.run(drive(f"http://127.0.0.1:{port}", urls, concurrency))
            cpu = (server_cpu_seconds(server.pid) - cpu0) * 1000 / (len(lat) + 20)
            print(f"{concurrency:>11} {len(lat):>8} {statistics.median(lat):>7.1f} "
                  f"{pct(lat, 90):>7.1f} {pct(lat, 99):>7.1f} {max(lat):>7.1f} "
                  f"{len(lat) / elapsed:>7.0f} {errors:>6} {cpu:>17.1f}")
        print("target: p99 <= 50 ms (issue 5); SQLite, one uvicorn worker, loopback, "
              f"{os.cpu_count()} CPUs shared with the load generator; load average before: "
              f"{os.getloadavg()[0]:.1f} (other processes inflate latency, not server CPU)")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
