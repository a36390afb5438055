"""Runs the question bank's fenced code blocks with real toolchains.

Usage: python run_code_blocks.py CONTENT_DIR SKIP_FILE [--verbose]

Each block is compiled with its language's toolchain, then run where it is a whole
program (20 s limit each):

  python          compiled, then run in a fresh interpreter (stdlib only)
  sql             run against an empty in-memory SQLite database
  js, javascript  run with node (as an ES module when it imports or exports); a run
                  that prints "Assertion failed" (console.assert) fails
  ts, typescript  compiled with tsc --strict (TypeScript from npm, PREP_PDF_TSC or
                  PATH), then run with node, failing on "Assertion failed" likewise
  tsx             compiled with tsc --strict --jsx preserve, not run (needs a browser)
  java            compiled with javac; run with java when it has a main method
  c               compiled with gcc -std=c11 -Wall -Wextra -Werror; run when it has main
  bash, sh        checked with bash -n (never run: scripts act on files)
  json, yaml      parsed

Languages with no toolchain in Debian (Kotlin, Swift) and text that is not code
(diagram, text, http, html, css, dockerfile, hcl) are counted and named, not run. A
block that cannot be compiled or run alone (it needs a server, a framework, a dialect
SQLite lacks, or it is a fragment) is listed in SKIP_FILE with the reason, one line
each:

    <role-id> <question-id> <n>: <reason>

where n counts the question's fenced blocks from 1 (overview first, then the sample
answer). A listed block must still compile unless its reason starts with "fragment";
one whose reason starts with "compile only" is compiled and not run. A listed block
that no longer exists, or one listed as not runnable that now runs, fails the check,
so the list stays true.
"""

import json
import os
import re
import shutil
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


LIMIT = 20

# Languages with no toolchain in Debian's packages, and fences that hold no program.
NO_TOOLCHAIN = {"kotlin": "no Kotlin compiler in Debian", "swift": "no Swift toolchain in Debian"}
NOT_CODE = {"diagram", "text", "http", "html", "css", "dockerfile", "hcl", "none", "mermaid", "gherkin"}


def sh(args, cwd, stdin=None, fail_on=None):
    """Runs a command: None, or what went wrong in one line.

    fail_on: text that fails the run even when it exits 0, wherever it is printed."""
    try:
        r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=LIMIT)
    except subprocess.TimeoutExpired:
        return f"ran longer than {LIMIT} s"
    except FileNotFoundError:
        return f"{args[0]} is not installed"
    if r.returncode != 0:
        out = (r.stderr.strip() or r.stdout.strip()).splitlines() or ["(no output)"]
        first_error = next((l for l in out if "error" in l.lower()), out[-1])
        return f"exit {r.returncode}: {first_error.strip()}"
    if fail_on:
        hit = next((l for l in (r.stderr + r.stdout).splitlines() if fail_on in l), None)
        if hit is not None:
            return f"exit 0, but printed {hit.strip()!r}"
    return None


def tsc():
    for candidate in (os.environ.get("PREP_PDF_TSC"), shutil.which("tsc")):
        if candidate:
            return candidate
    here = Path(__file__).resolve().parents[2] / "target/test-node/node_modules/.bin/tsc"
    return str(here) if here.exists() else "tsc"


class Python:
    def compile(self, code, tmp):
        try:
            compile(code, "<block>", "exec")
        except SyntaxError as e:
            return f"does not compile: {e}"
        return None

    def run(self, code, tmp):
        path = Path(tmp) / "block.py"
        path.write_text(code)
        return sh([sys.executable, "-I", str(path)], tmp)


class Sql:
    def compile(self, code, tmp):
        return None

    def run(self, code, tmp):
        db = sqlite3.connect(":memory:")
        try:
            db.executescript(code)
        except sqlite3.Error as e:
            return f"SQLite: {e}"
        finally:
            db.close()
        return None


# console.assert only prints "Assertion failed" and the program still exits 0, so a
# JavaScript or TypeScript run that prints it is a failure (tests should throw, with
# node:assert, but a console.assert that slips in must not pass silently).
CONSOLE_ASSERT = "Assertion failed"


def is_module(code):
    return re.search(r"^\s*(import|export)\b", code, re.M) is not None


class JavaScript:
    def compile(self, code, tmp):
        path = Path(tmp) / ("block.mjs" if is_module(code) else "block.cjs")
        path.write_text(code)
        return sh(["node", "--check", str(path)], tmp)

    def run(self, code, tmp):
        path = Path(tmp) / ("block.mjs" if is_module(code) else "block.cjs")
        path.write_text(code)
        return sh(["node", str(path)], tmp, fail_on=CONSOLE_ASSERT)


class TypeScript:
    def __init__(self, jsx=False):
        self.jsx = jsx

    def compile(self, code, tmp):
        name = "block.tsx" if self.jsx else "block.ts"
        (Path(tmp) / name).write_text(code if is_module(code) else code + "\nexport {};\n")
        args = [tsc(), "--strict", "--target", "es2022", "--lib", "es2022,dom",
                "--module", "es2022", "--moduleResolution", "bundler", "--skipLibCheck",
                "--outDir", "out", name]
        if self.jsx:
            args[1:1] = ["--jsx", "preserve"]
        return sh(args, tmp)

    def run(self, code, tmp):
        if self.jsx:
            return None
        problem = self.compile(code, tmp)
        if problem:
            return problem
        out = Path(tmp) / "out" / "block.js"
        runnable = out.with_suffix(".mjs")
        out.rename(runnable)
        return sh(["node", str(runnable)], tmp, fail_on=CONSOLE_ASSERT)


class Java:
    def name(self, code):
        m = re.search(r"public\s+(?:final\s+)?(?:class|record|interface|enum)\s+(\w+)", code)
        return m.group(1) if m else "Block"

    def compile(self, code, tmp):
        path = Path(tmp) / f"{self.name(code)}.java"
        path.write_text(code)
        return sh(["javac", "-d", "classes", str(path)], tmp)

    def run(self, code, tmp):
        problem = self.compile(code, tmp)
        if problem or not re.search(r"static\s+void\s+main\s*\(", code):
            return problem
        return sh(["java", "-cp", "classes", self.name(code)], tmp)


class C:
    FLAGS = ["-std=c11", "-Wall", "-Wextra", "-Werror", "-O1"]

    def compile(self, code, tmp):
        path = Path(tmp) / "block.c"
        path.write_text(code)
        return sh(["gcc", *self.FLAGS, "-fsyntax-only", str(path)], tmp)

    def run(self, code, tmp):
        path = Path(tmp) / "block.c"
        path.write_text(code)
        if not re.search(r"\bint\s+main\s*\(", code):
            return self.compile(code, tmp)
        problem = sh(["gcc", *self.FLAGS, str(path), "-o", "block", "-lm"], tmp)
        return problem or sh(["./block"], tmp)


class Bash:
    def compile(self, code, tmp):
        path = Path(tmp) / "block.sh"
        path.write_text(code)
        return sh(["bash", "-n", str(path)], tmp)

    run = compile


class Data:
    def __init__(self, load):
        self.load = load

    def compile(self, code, tmp):
        try:
            self.load(code)
        except Exception as e:  # any parse error, named
            return f"does not parse: {e}"
        return None

    run = compile


LANGUAGES = {
    "python": Python(), "py": Python(), "sql": Sql(),
    "js": JavaScript(), "javascript": JavaScript(),
    "ts": TypeScript(), "typescript": TypeScript(), "tsx": TypeScript(jsx=True),
    "java": Java(), "c": C(), "bash": Bash(), "sh": Bash(),
    "json": Data(json.loads), "yaml": Data(yaml.safe_load),
}


def check_block(lang, code, listed):
    """None when the block is as it should be, or what is wrong."""
    tool = LANGUAGES[lang]
    with tempfile.TemporaryDirectory() as tmp:
        if listed is None:
            return tool.run(code, tmp)
        if listed.startswith("fragment"):
            return None
        problem = tool.compile(code, tmp)
        if problem:
            return f"listed, but does not compile: {problem}"
        if listed.startswith("compile only"):
            return None
    with tempfile.TemporaryDirectory() as tmp:
        if tool.run(code, tmp) is None:
            return f"listed as not runnable ({listed}), but it runs: remove it from the list"
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
    ran, listed, skipped = {}, 0, {}
    for path in sorted(content.glob("*.yaml")):
        role = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        if not isinstance(role, dict) or "questions" not in role:
            continue
        for q in role["questions"]:
            for i, (lang, code) in enumerate(blocks(q.get("answer_guide") or {}), 1):
                key = (path.stem, q["id"], i)
                where = f"{path.stem} {q['id']} {i} ({lang or 'no language'})"
                lang = lang or "none"
                if lang not in LANGUAGES:
                    why = NO_TOOLCHAIN.get(lang, "not code" if lang in NOT_CODE else "no runner")
                    skipped.setdefault(why, {}).setdefault(lang, 0)
                    skipped[why][lang] += 1
                    continue
                reason = skips.get(key, (None, 0))[0]
                if reason is not None:
                    seen.add(key)
                    listed += 1
                else:
                    ran[lang] = ran.get(lang, 0) + 1
                problem = check_block(lang, code, reason)
                if problem:
                    failures.append(f"{where}: {problem}")
                elif verbose:
                    print(f"ok {where}")
    for key, (reason, n) in skips.items():
        if key not in seen:
            failures.append(f"{skip_file}:{n}: `{' '.join(map(str, key))}` is no runnable block of the bank")
    for f in failures:
        print(f)
    total = sum(ran.values())
    print("code blocks run: " + ", ".join(f"{k} {v}" for k, v in sorted(ran.items()))
          + f"; {listed} listed with a reason")
    for why, langs in sorted(skipped.items()):
        print(f"not run ({why}): " + ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    run_failed = sum(1 for f in failures if "listed" not in f)
    print(f"{total - run_failed} passed, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
