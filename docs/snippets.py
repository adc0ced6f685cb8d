#!/usr/bin/env python3
"""Keeps the C# code in the docs equal to the samples and tests it comes from.

In a C# source file, a region is marked by two comment lines:

    // snippet: NAME
    ...code...
    // end-snippet

In Markdown (docs/**/*.md and README.md), the line right before a ```csharp
fence names the region the fence must hold, by its path from the repository
root:

    <!-- snippet: samples/Basic/BasicApp.cs#app -->
    ```csharp
    ...
    ```

Without "#NAME" the fence holds the whole file. The region is dedented, and
marker lines inside it (of nested regions) are left out. A ```csharp fence with
no marker before it is an error: every C# block in the docs is a snippet.

    python3 docs/snippets.py           rewrites every fence from its source
    python3 docs/snippets.py --check   changes nothing; exits 1 listing stale fences

tests/Roll.Tests/Docs/DocsSnippetsTests.cs checks the same rules in `dotnet test`.
"""

import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

START = re.compile(r"^\s*// snippet: (\S+)\s*$")
END = re.compile(r"^\s*// end-snippet\s*$")
MARKER = re.compile(r"^(\s*)<!-- snippet: (\S+) -->\s*$")
FENCE = "```csharp"
OPENER = re.compile(r"^(\s*)(`{3,})(.*)$")
CSHARP = ("csharp", "cs", "c#")


class SnippetError(Exception):
    pass


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        return f.read().replace("\r\n", "\n").split("\n")


def dedent(lines):
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents) if indents else 0
    return [line[cut:] if line.strip() else "" for line in lines]


def regions(path):
    """Every region of a source file, by name, as a list of dedented lines."""
    found = {}
    open_regions = []
    for number, line in enumerate(read_lines(path), 1):
        start = START.match(line)
        if start:
            name = start.group(1)
            if name in found or any(n == name for n, _ in open_regions):
                raise SnippetError(f"{rel(path)}:{number}: region '{name}' is marked twice")
            open_regions.append((name, []))
            continue
        if END.match(line):
            if not open_regions:
                raise SnippetError(f"{rel(path)}:{number}: '// end-snippet' with no region open")
            name, body = open_regions.pop()
            found[name] = dedent(body)
            continue
        for _, body in open_regions:
            body.append(line)
    if open_regions:
        raise SnippetError(f"{rel(path)}: region '{open_regions[-1][0]}' is never closed")
    return found


def source(reference):
    """The lines a reference (path or path#name) stands for."""
    path, _, name = reference.partition("#")
    full = os.path.join(ROOT, path)
    if not os.path.isfile(full):
        raise SnippetError(f"no such file: {path}")
    if not name:
        lines = [line for line in read_lines(full) if not START.match(line) and not END.match(line)]
        while lines and not lines[-1].strip():
            lines.pop()
        return dedent(lines)
    found = regions(full)
    if name not in found:
        raise SnippetError(f"no region '{name}' in {path}")
    return found[name]


def markdown_files():
    files = [os.path.join(ROOT, "README.md")]
    for folder, _, names in os.walk(os.path.join(ROOT, "docs")):
        files += [os.path.join(folder, n) for n in names if n.endswith(".md")]
    return sorted(f for f in files if os.path.isfile(f))


def rel(path):
    return os.path.relpath(path, ROOT)


def process(path, problems):
    """Returns the file's lines with every fence rewritten; appends what was stale or wrong to problems."""
    lines = read_lines(path)
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        opener = OPENER.match(line)
        if opener:
            # A fence with no marker: copied as it is (markers shown inside it are examples, not markers).
            ticks, info = opener.group(2), opener.group(3).strip().lower()
            if info in CSHARP:
                problems.append(f"{rel(path)}:{i + 1}: a ```{info} block without a <!-- snippet: --> line before it")
            close = i + 1
            while close < len(lines) and not is_closer(lines[close], ticks):
                close += 1
            out.extend(lines[i:close + 1])
            i = close + 1
            continue
        marker = MARKER.match(line)
        out.append(line)
        if not marker:
            i += 1
            continue
        indent, reference = marker.groups()
        where = f"{rel(path)}:{i + 1}: {reference}"
        if i + 1 >= len(lines) or lines[i + 1] != indent + FENCE:
            problems.append(f"{where}: the next line must be '{indent}{FENCE}'")
            i += 1
            continue
        close = i + 2
        while close < len(lines) and lines[close] != indent + "```":
            close += 1
        if close >= len(lines):
            problems.append(f"{where}: the ```csharp fence is never closed")
            out.extend(lines[i + 1:])
            break
        current = lines[i + 2:close]
        try:
            wanted = [indent + l if l else "" for l in source(reference)]
        except SnippetError as error:
            problems.append(f"{where}: {error}")
            wanted = current
        if wanted != current:
            problems.append(f"{where}: stale, differs from its source")
        out.append(lines[i + 1])
        out.extend(wanted)
        out.append(lines[close])
        i = close + 1
    return out


def is_closer(line, ticks):
    stripped = line.strip()
    return stripped.startswith(ticks) and set(stripped) == {"`"}


def main(argv):
    check = "--check" in argv[1:]
    problems = []
    changed = []
    for path in markdown_files():
        before = read_lines(path)
        after = process(path, problems)
        if after != before:
            changed.append(rel(path))
            if not check:
                with open(path, "w", encoding="utf-8", newline="\n") as f:
                    f.write("\n".join(after))
    if check:
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s); run: python3 docs/snippets.py")
            return 1
        print("every snippet matches its source")
        return 0
    for path in changed:
        print(f"updated {path}")
    left = [p for p in problems if "stale, differs" not in p]
    for problem in left:
        print(problem)
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
