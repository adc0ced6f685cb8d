#!/usr/bin/env bash
# Builds the docs site into docs/_site: the four parts and the API reference from the XML comments of
# src/Roll, Roll.Testing, Roll.Hosting and Roll.Kestrel, with DocFX (a local tool, .config/dotnet-tools.json).
# Any warning fails the build: a broken link or bookmark, an unresolved <xref:...> or cref, a missing table of contents.
# Serve the result with: dotnet run --project docs/Site
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null
# Pages of types that no longer exist must not linger: the API pages and the site are made afresh.
rm -rf docs/api docs/_site
if ! dotnet tool run docfx docs/docfx.json --warningsAsErrors --logLevel warning "$@"; then
  echo "docs site: not built, fix the warnings above (they count as errors)" >&2
  exit 1
fi
echo "docs site: built in docs/_site"
