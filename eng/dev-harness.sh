#!/usr/bin/env bash
# Developer harness: builds and tests ONE area of the kit in isolation, so that several people (or agents) can work on
# different areas of the same assembly at once without breaking each other's builds.
#
#   eng/dev-harness.sh NAME --src 'glob;glob' --tests 'glob;glob' [--packages 'Id;Id'] [--dl]
#
# It writes /tmp/harness/NAME/{Lib,Tests}/*.csproj that compile the shared core files plus the given globs (paths
# relative to the repository root), with the repository's Directory.Build.props and central package versions.
# Then:  dotnet test /tmp/harness/NAME/Tests -m:1 --filter ...
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME="$1"; shift
SRC=""; TESTS=""; PKGS=""; DL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --src) SRC="$2"; shift 2;;
    --tests) TESTS="$2"; shift 2;;
    --packages) PKGS="$2"; shift 2;;
    --dl) DL=1; shift;;
    *) echo "unknown option $1" >&2; exit 2;;
  esac
done
H="/tmp/harness/$NAME"
mkdir -p "$H/Lib" "$H/Tests"
# MSBuild auto-imports these from a parent folder; link the repository's copies.
ln -sf "$ROOT/Directory.Build.props" "$H/Directory.Build.props"
ln -sf "$ROOT/Directory.Packages.props" "$H/Directory.Packages.props"
COMMON="src/AdaptiveEtl.Kit/KitDataException.cs;src/AdaptiveEtl.Kit/Data/SqlIdentifier.cs;src/AdaptiveEtl.Kit/Schema/*.cs;src/AdaptiveEtl.Kit/Reporting/IHtmlReportable.cs;src/AdaptiveEtl.Kit/Forecasting/TimeSeries.cs;src/AdaptiveEtl.Kit/Forecasting/IForecaster.cs;src/AdaptiveEtl.Kit/Forecasting/ForecastOptions.cs;src/AdaptiveEtl.Kit/Forecasting/ForecastResult.cs;src/AdaptiveEtl.Kit/Forecasting/PredictionInterval.cs;src/AdaptiveEtl.Kit/Forecasting/ForecasterPersistence.cs;src/AdaptiveEtl.Kit/Drift/DriftSlice.cs"
items() { local IFS=';'; set -f; for g in $1; do [ -n "$g" ] && echo "    <Compile Include=\"$ROOT/$g\" LinkBase=\"linked\" />"; done; }
pkgs() { local IFS=';'; for p in $1; do [ -n "$p" ] && echo "    <PackageReference Include=\"$p\" />"; done; }
BASEPKGS="DuckDB.NET.Data.Full;MathNet.Numerics;Microsoft.Data.Analysis;Npgsql"
[ $DL = 1 ] && BASEPKGS="$BASEPKGS;TorchSharp;TorchSharp-cpu;Microsoft.ML;Microsoft.ML.FastTree"
cat > "$H/Lib/Lib.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <AssemblyName>AdaptiveEtl.Kit</AssemblyName>
    <RootNamespace>AdaptiveEtl.Kit</RootNamespace>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <IsPackable>false</IsPackable>
  </PropertyGroup>
  <ItemGroup>
$(items "$COMMON;$SRC")
  </ItemGroup>
  <ItemGroup>
$(pkgs "$BASEPKGS;$PKGS")
  </ItemGroup>
  <ItemGroup>
    <InternalsVisibleTo Include="AdaptiveEtl.Kit.Tests" />
  </ItemGroup>
</Project>
XML
cat > "$H/Tests/Tests.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <AssemblyName>AdaptiveEtl.Kit.Tests</AssemblyName>
    <RootNamespace>AdaptiveEtl.Kit.Tests</RootNamespace>
    <OutputType>Exe</OutputType>
    <IsTestProject>true</IsTestProject>
    <EnableDefaultCompileItems>false</EnableDefaultCompileItems>
    <GenerateDocumentationFile>false</GenerateDocumentationFile>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="../Lib/Lib.csproj" />
  </ItemGroup>
  <ItemGroup>
$(items "tests/AdaptiveEtl.Kit.Tests/Infrastructure/*.cs;$TESTS")
  </ItemGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.NET.Test.Sdk" />
    <PackageReference Include="xunit.v3" />
    <PackageReference Include="xunit.runner.visualstudio" />
$(pkgs "$PKGS")
  </ItemGroup>
  <ItemGroup>
    <Using Include="Xunit" />
  </ItemGroup>
</Project>
XML
echo "harness written to $H (build: dotnet build $H/Tests -m:1; test: dotnet test $H/Tests -m:1)"
