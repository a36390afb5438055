"""Runs the question bank's fenced code blocks with real toolchains.

Usage: python run_code_blocks.py CONTENT_DIR SKIP_FILE [--verbose]

Every ```python block is compiled, then run in a fresh interpreter (stdlib only, 20 s
limit); every ```sql block is run against an empty in-memory SQLite database. A block
that cannot run that way (it needs a server, a framework, a dialect SQLite lacks, or it
is a fragment) is listed in SKIP_FILE with the reason, one line each:

    <role-id> <question-id> <n>: <reason>

where n counts the question's fenced blocks from 1 (overview first, then the sample
answer). Python fragments that are listed must still compile unless the reason starts
with "fragment". Other languages are counted and reported as not run here.
A listed block that no longer exists, or a listed block that now runs, fails the check
so the list stays true.
"""

import re
import subprocess
import sqlite3
import sys
import tempfile
from pathlib import Path

import yaml

FENCE = re.compile(r"^([ \t]*)(```+|~~~+)[ \t]*([^\s`]*)[^\n]*\n(.*?)^\1\2[ \t]*$", re.M | re.S)


def blocks(guide):
    """Fenced blocks of an answer guide, in reading order: (lang, text)."""
    out = []
    for key in ("overview", "sample_answer"):
        text = guide.get(key) or ""
        for m in FENCE.finditer(text):
            indent = m.group(1)
            body = "".join(
                line[len(indent):] if line.startswith(indent) else line
                for line in m.group(4).splitlines(keepends=True)
            )
            out.append((m.group(3).lower(), body))
    return out


def run_python(code):
    try:
        compile(code, "<block>", "exec")
    except SyntaxError as e:
        return f"does not compile: {e}"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "block.py"
        path.write_text(code)
        try:
            r = subprocess.run(
                [sys.executable, "-I", str(path)],
                cwd=tmp,
                capture_output=True,
                text=True,
                timeout=20,
            )
        except subprocess.TimeoutExpired:
            return "ran longer than 20 s"
    if r.returncode != 0:
        tail = (r.stderr.strip().splitlines() or ["(no output)"])[-1]
        return f"exit {r.returncode}: {tail}"
    return None


def run_sql(code):
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(code)
    except sqlite3.Error as e:
        return f"SQLite: {e}"
    finally:
        db.close()
    return None


def main():
    content, skip_file = Path(sys.argv[1]), Path(sys.argv[2])
    verbose = "--verbose" in sys.argv
    skips = {}
    for n, line in enumerate(skip_file.read_text().splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        m = re.match(r"^(\S+) (\S+) (\d+): (.+)$", line)
        if not m:
            print(f"{skip_file}:{n}: expected `<role> <question> <n>: <reason>`")
            return 1
        skips[(m.group(1), m.group(2), int(m.group(3)))] = (m.group(4), n)
    failures, seen = [], set()
    counts = {"ran": 0, "ran_failed": 0, "listed": 0, "other": {}}
    for path in sorted(content.glob("*.yaml")):
        role = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        if not isinstance(role, dict) or "questions" not in role:
            continue
        for q in role["questions"]:
            for i, (lang, code) in enumerate(blocks(q.get("answer_guide") or {}), 1):
                key = (path.stem, q["id"], i)
                where = f"{path.stem} {q['id']} {i} ({lang or 'no language'})"
                if lang not in ("python", "py", "sql"):
                    counts["other"][lang or "none"] = counts["other"].get(lang or "none", 0) + 1
                    continue
                run = run_python if lang in ("python", "py") else run_sql
                if key in skips:
                    seen.add(key)
                    counts["listed"] += 1
                    reason = skips[key][0]
                    if run is run_python and not reason.startswith("fragment"):
                        try:
                            compile(code, "<block>", "exec")
                        except SyntaxError as e:
                            failures.append(f"{where}: listed, but does not compile: {e}")
                            continue
                    if run(code) is None:
                        failures.append(f"{where}: listed as not runnable ({reason}), but it runs: remove it from the list")
                    continue
                problem = run(code)
                counts["ran"] += 1
                if problem:
                    counts["ran_failed"] += 1
                    failures.append(f"{where}: {problem}")
                elif verbose:
                    print(f"ok {where}")
    for key, (reason, n) in skips.items():
        if key not in seen:
            failures.append(f"{skip_file}:{n}: `{' '.join(map(str, key))}` is no Python or SQL block of the bank")
    for f in failures:
        print(f)
    other = ", ".join(f"{k} {v}" for k, v in sorted(counts["other"].items()))
    print(f"code blocks: {counts['ran']} run, {counts['listed']} listed as not runnable, "
          f"not run here: {other or 'none'}")
    print(f"{counts['ran'] - counts['ran_failed']} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
