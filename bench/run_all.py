"""Run every benchmark in turn (`make bench`); each prints its own table.

The machines are shared and noisy: read the ratios against the peers measured in the same run,
not the absolute times. Pass --quick for smaller inputs.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

QUICK = {
    "bench_temporal.py": ["--tbaq-docs", "5", "--wt2-kb", "50"],
    "bench_extract.py": ["--repeat", "1"],
    "bench_dump.py": ["--large-pages", "20000"],
    "bench_web.py": ["--requests", "500"],
    "bench_export.py": ["--events", "10000"],
}


def main() -> int:
    quick = "--quick" in sys.argv[1:]
    failed = []
    for name in ("bench_temporal.py", "bench_extract.py", "bench_dump.py", "bench_web.py",
                 "bench_export.py"):
        print(f"\n### {name}\n", flush=True)
        args = QUICK[name] if quick else []
        if subprocess.run([sys.executable, str(HERE / name), *args]).returncode != 0:
            failed.append(name)
    if failed:
        print(f"\nfailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
