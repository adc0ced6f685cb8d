#!/usr/bin/env python3
"""Checks the docs' console sessions marked <!-- session: ci --> against what CI's own test runs printed.

    python3 .ci/sessions.py COMMAND LOG [COMMAND LOG...]

A ci session shows a command that cannot run inside the tests, since it runs them all (`dotnet test`):
.ci/run runs its equivalent (with --no-build, on the build it made), keeps what it printed in LOG, and gives
the command as the page writes it. Every command of every ci session in README.md and docs/**/*.md must
be one of the COMMANDs given, and the lines the page shows under it must be found in its LOG, each in a
line of its own, in any order (the test assemblies run side by side and end in any order). Blank lines
are left out, and on both sides numbers (counts, durations) and runs of spaces are made equal; "..."
inside a line stands for any text. A page line "..." says the log has more lines than the page shows:
without one, the log has no other line.

Prints one line per session, then "N passed, N failed"; exits with 1 when a session failed.
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(r"^\s*<!-- session: (.*?)\s*-->\s*$")
OPENER = re.compile(r"^(\s*)(`{3,})(.*)$")
# 31 s, 882 ms, 1 m 3 s, 4.4 Minutes, 00:00:02.34: as the test runner prints how long a run took.
DURATION = re.compile(r"\b\d+(\.\d+)? ?(ms|s|sec|m|min|h|Seconds|Minutes|Hours)\b|\b\d{2}:\d{2}:\d{2}(\.\d+)?\b")
FIGURE = re.compile(r"\d+([.,]\d+)*")


def sessions():
    """Every ci session: (page:line, [(command, [lines])])."""
    files = [os.path.join(ROOT, "README.md")]
    for folder, _, names in os.walk(os.path.join(ROOT, "docs")):
        files += [os.path.join(folder, n) for n in names if n.endswith(".md")]
    for path in sorted(files):
        with open(path, encoding="utf-8") as f:
            lines = f.read().replace("\r\n", "\n").split("\n")
        i = 0
        while i < len(lines):
            opener = OPENER.match(lines[i])
            if not opener:
                i += 1
                continue
            close = i + 1
            while close < len(lines) and not (lines[close].strip().startswith(opener.group(2)) and set(lines[close].strip()) == {"`"}):
                close += 1
            marker = MARKER.match(lines[i - 1]) if i > 0 else None
            if marker and marker.group(1) == "ci" and opener.group(3).strip() not in ("markdown", "md"):
                commands = []
                for line in lines[i + 1:close]:
                    if line.startswith("$ "):
                        commands.append((line[2:], []))
                    elif commands:
                        commands[-1][1].append(line)
                yield f"{os.path.relpath(path, ROOT)}:{i}", commands
            i = close + 1


def normalise(line):
    line = DURATION.sub("<time>", line)
    line = re.sub(r"<time>( <time>)+", "<time>", line)
    return " ".join(FIGURE.sub("#", line).split())


def pattern(line):
    return re.compile("^" + ".*".join(re.escape(part) for part in normalise(line).split("...")) + "$")


def matches(expected, log):
    """Whether each page line finds a log line of its own (a bipartite matching), and no log line is left without '...'."""
    wanted = [pattern(line) for line in expected if line.strip() and line.strip() != "..."]
    more = any(line.strip() == "..." for line in expected)
    actual = [normalise(line) for line in log if line.strip()]
    if not more and len(actual) != len(wanted):
        return f"the log has {len(actual)} lines, the page {len(wanted)}, and no '...' line"
    candidates = [[j for j, line in enumerate(actual) if p.match(line)] for p in wanted]
    owner = {}

    def assign(i, seen):
        for j in candidates[i]:
            if j not in seen:
                seen.add(j)
                if j not in owner or assign(owner[j], seen):
                    owner[j] = i
                    return True
        return False

    for i, p in enumerate(wanted):
        if not assign(i, set()):
            return f"no line of the log for: {p.pattern}"
    return None


def main(argv):
    if len(argv) < 3 or len(argv) % 2 == 0:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    logs = {}
    for command, path in zip(argv[1::2], argv[2::2]):
        with open(path, encoding="utf-8", errors="replace") as f:
            logs[command] = f.read().split("\n")
    passed = failed = 0
    for where, commands in sessions():
        problems = []
        for command, expected in commands:
            if command not in logs:
                problems.append(f"`{command}` is not a command .ci/run runs ({', '.join(logs)})")
            elif (why := matches(expected, logs[command])) is not None:
                problems.append(f"`{command}`: {why}")
        if problems or not commands:
            failed += 1
            print(f"FAILED {where}: " + ("; ".join(problems) or "no command"))
        else:
            passed += 1
            print(f"ok {where}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
