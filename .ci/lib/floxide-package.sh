# Sourced by the packaging checks (.ci/pack-smoke, .ci/format-smoke) and by .ci/run, so one CI run packs Floxide
# once. floxide_package packs Floxide (runtime + generator + analyzers + code fixes) into a local feed with a unique
# version, unless a caller already did (FLOXIDE_FEED set), and checks what nuget.org users see: the license, the
# README, the URLs, the symbols package. floxide_consumer writes a project that consumes it through one plain
# PackageReference, with nullable and warnings-as-errors on. Packages restore into a private folder, so nothing
# stale lands in (or is read from) the global package cache. Both return non-zero on failure, for callers without
# `set -e`.

# $1: a scratch folder; sets and exports FLOXIDE_FEED, FLOXIDE_VERSION, FLOXIDE_PACKAGES.
floxide_package() {
  if [ -n "${FLOXIDE_FEED:-}" ]; then
    return 0
  fi

  FLOXIDE_VERSION="0.0.0-smoke.$(date +%s).$$"
  FLOXIDE_FEED="$1/feed"
  FLOXIDE_PACKAGES="$1/packages"
  echo "== dotnet pack Floxide.Runtime ($FLOXIDE_VERSION)"
  # Version (not PackageVersion) stamps the assemblies and the generated [GeneratedCode] with the package's version;
  # ContinuousIntegrationBuild (also set by any `dotnet pack`, Directory.Build.props) maps source paths to /_/.
  dotnet pack Floxide.Runtime/Floxide.Runtime.csproj -c Release -o "$FLOXIDE_FEED" -p:Version="$FLOXIDE_VERSION" \
    -p:ContinuousIntegrationBuild=true --nologo -v quiet || return 1

  local package="$FLOXIDE_FEED/Floxide.$FLOXIDE_VERSION.nupkg" listing entry nuspec
  listing=$(unzip -l "$package") || return 1
  for entry in lib/net10.0/Floxide.Runtime.dll lib/net10.0/Floxide.Runtime.xml README.md icon.png \
    analyzers/dotnet/cs/Floxide.Generators.dll analyzers/dotnet/cs/Floxide.CodeFixes.dll \
    build/Floxide.props buildTransitive/Floxide.props; do
    if ! grep -q " $entry\$" <<<"$listing"; then
      echo "floxide_package: $entry missing from the package"
      return 1
    fi
  done

  # What nuget.org shows: the license expression, the README, the project and repository URLs; Source Link's commit.
  nuspec=$(unzip -p "$package" Floxide.nuspec) || return 1
  for entry in '<license type="expression">MIT</license>' '<readme>README.md</readme>' \
    '<projectUrl>https://github.com/floxide-dotnet/floxide</projectUrl>' \
    '<repository type="git" url="https://github.com/floxide-dotnet/floxide"'; do
    if ! grep -qF "$entry" <<<"$nuspec"; then
      echo "floxide_package: the nuspec lacks $entry"
      return 1
    fi
  done

  # nuget.org renders the README outside the repository: every link and image must be absolute there.
  local relative
  relative=$(unzip -p "$package" README.md | grep -noP '\]\((?!https?://|#)[^)]*\)') || true
  if [ -n "$relative" ]; then
    echo "floxide_package: the packed README has relative links nuget.org cannot resolve:"; echo "$relative"
    return 1
  fi
  if ! grep -qF '<icon>icon.png</icon>' <<<"$nuspec"; then
    echo "floxide_package: the nuspec lacks the icon"
    return 1
  fi

  # The assemblies carry the package's version, and no path of the machine that packed them (the PDB path a DLL
  # records is the clearest trace of an unmapped build). grep -a reads the binaries as text.
  # Each is extracted first: `unzip | grep -q` fails under pipefail when grep stops reading early (see below).
  local dll extracted="$1/inspect.dll"
  for dll in lib/net10.0/Floxide.Runtime.dll analyzers/dotnet/cs/Floxide.Generators.dll analyzers/dotnet/cs/Floxide.CodeFixes.dll; do
    unzip -p "$package" "$dll" > "$extracted" || return 1
    if ! grep -qaF "$FLOXIDE_VERSION" "$extracted"; then
      echo "floxide_package: $dll does not carry the version $FLOXIDE_VERSION (informational version)"
      return 1
    fi
    if grep -qaF "$PWD/" "$extracted"; then
      echo "floxide_package: $dll records the local path $PWD (not a path-mapped build)"
      return 1
    fi
  done
  rm -f "$extracted"

  # Symbols travel in a .snupkg beside the package, with the runtime's portable PDB.
  # The listing is read whole before grep: under pipefail, `unzip | grep -q` fails whenever grep exits on the
  # match before unzip has written its last line (SIGPIPE), which made this check fail at random.
  local symbols="$FLOXIDE_FEED/Floxide.$FLOXIDE_VERSION.snupkg" symbols_listing
  symbols_listing=$(unzip -l "$symbols" 2>&1) || symbols_listing=""
  if ! grep -q " lib/net10.0/Floxide.Runtime.pdb\$" <<<"$symbols_listing"; then
    echo "floxide_package: $symbols missing, or without lib/net10.0/Floxide.Runtime.pdb:"
    echo "$symbols_listing"; ls -la "$FLOXIDE_FEED"
    return 1
  fi

  export FLOXIDE_FEED FLOXIDE_VERSION FLOXIDE_PACKAGES
}

# $1: the project folder (created), $2: the project name. The caller writes the sources.
floxide_consumer() {
  mkdir -p "$1" || return 1
  cat > "$1/NuGet.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <!-- The local feed joins the machine's configured sources; only it has this unique version. -->
  <packageSources>
    <add key="floxide-local" value="$FLOXIDE_FEED" />
  </packageSources>
</configuration>
XML

  cat > "$1/$2.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
    <RestorePackagesPath>$FLOXIDE_PACKAGES</RestorePackagesPath>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Floxide" Version="$FLOXIDE_VERSION" />
  </ItemGroup>
</Project>
XML
}
