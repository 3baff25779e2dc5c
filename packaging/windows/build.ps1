<#
.SYNOPSIS
    Builds concession-gis for Windows: the one-folder bundle (PyInstaller), a check that it runs,
    a portable .zip and the installer (Inno Setup).

.DESCRIPTION
    Run from any folder on a Windows 10/11 x64 machine with
      - Python 3.11 or 3.12, 64-bit, from python.org (the "py" launcher finds it), and
      - Inno Setup 6.3 or later (https://jrsoftware.org/isinfo.php) for the installer.
    Internet access to PyPI is needed for the first build only.

        powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1

    Steps:
      1. a virtual environment in build\windows-venv, with pip install ".[gui,package]"
         (the project, PyQt5 and PyInstaller, from PyPI wheels);
      2. pyinstaller packaging\concession-gis.spec  ->  dist\concession-gis\
      3. the bundle runs with a clean environment: --version, and the whole analysis of the
         bundled sample data (results.gpkg, summary.json, conflict_map.pdf), on two threads
         too, and the window (`gui --smoke-test`: opens, analyses the sample, closes);
      4. dist\concession-gis-<version>-windows.zip (the folder, for machines where nothing may
         be installed) and dist\concession-gis-<version>-setup.exe (Inno Setup).

.PARAMETER Python
    python.exe to build with (default: the one "py -3.11" starts, else "python" on PATH).

.PARAMETER Iscc
    Path of Inno Setup's ISCC.exe (default: looked up on PATH and in Program Files).

.PARAMETER NoInstaller
    Stop after the bundle, its check and the .zip.
#>
param(
    [string]$Python = "",
    [string]$Iscc = "",
    [switch]$NoInstaller
)

$ErrorActionPreference = "Stop"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
$Venv = Join-Path $Root "build\windows-venv"
$VenvPython = Join-Path $Venv "Scripts\python.exe"
$Dist = Join-Path $Root "dist"
$Bundle = Join-Path $Dist "concession-gis"

function Invoke-Checked {
    # Runs a program with the given arguments and stops the build when it fails (PowerShell 5
    # does not stop for programs). A plain function: "-m" or "--out" stay arguments.
    $Program = $args[0]
    $Arguments = @($args | Select-Object -Skip 1)
    Write-Host "> $Program $($Arguments -join ' ')" -ForegroundColor DarkGray
    & $Program @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Program exited with status $LASTEXITCODE" }
}

Set-Location $Root

# 1. Build environment ------------------------------------------------------------------------
if (-not $Python) {
    if (Get-Command py -ErrorAction SilentlyContinue) {
        $Found = & py -3.11 -c "import sys; print(sys.executable)"
        if ($LASTEXITCODE -ne 0 -or -not $Found) { throw "py -3.11 found no Python 3.11: install it from python.org or pass -Python PATH" }
        $Python = "$Found".Trim()
    } else {
        $Python = "python"
    }
}
if (-not (Test-Path $VenvPython)) {
    Write-Host "Creating $Venv with $Python"
    Invoke-Checked $Python -m venv $Venv
}
Invoke-Checked $VenvPython -m pip install --upgrade pip
Invoke-Checked $VenvPython -m pip install '.[gui,package]'
$Version = (& $VenvPython -c "import concession_gis; print(concession_gis.__version__)").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "could not read the version of concession_gis" }
Write-Host "Building concession-gis $Version"

# 2. Bundle -----------------------------------------------------------------------------------
Invoke-Checked $VenvPython -m PyInstaller --noconfirm --log-level WARN --distpath $Dist `
    --workpath (Join-Path $Root "build\pyinstaller") (Join-Path $Root "packaging\concession-gis.spec")

# 3. Check: the bundle runs without the build's Python (a minimal PATH, no PYTHONPATH) ------
$Check = Join-Path $Root "build\bundle-check"
if (Test-Path $Check) { Remove-Item -Recurse -Force $Check }
New-Item -ItemType Directory -Path $Check | Out-Null
$SavedPath, $SavedPythonPath = $env:PATH, $env:PYTHONPATH
try {
    $env:PATH = "$env:SystemRoot\System32;$env:SystemRoot"
    Remove-Item Env:PYTHONPATH -ErrorAction SilentlyContinue
    $Exe = Join-Path $Bundle "concession-gis.exe"
    $Reported = (& $Exe --version).Trim()
    if ($Reported -ne "concession-gis $Version") { throw "the bundle reports '$Reported', expected 'concession-gis $Version'" }
    Invoke-Checked $Exe analyze --out (Join-Path $Check "sample") --quiet
    foreach ($Name in @("results.gpkg", "summary.json", "conflict_map.pdf")) {
        if (-not (Test-Path (Join-Path $Check "sample\$Name"))) { throw "the sample analysis wrote no $Name" }
    }
    $env:CONCESSION_GIS_WORKERS = "2"; $env:CONCESSION_GIS_PARALLEL_MIN_FEATURES = "1"
    Invoke-Checked $Exe analyze --out (Join-Path $Check "threads") --no-map --quiet
    Remove-Item Env:CONCESSION_GIS_WORKERS, Env:CONCESSION_GIS_PARALLEL_MIN_FEATURES
    # The window itself: opens, analyses the sample in its worker process, draws it, closes.
    Invoke-Checked $Exe gui --smoke-test
} finally {
    $env:PATH, $env:PYTHONPATH = $SavedPath, $SavedPythonPath
    Remove-Item Env:CONCESSION_GIS_WORKERS, Env:CONCESSION_GIS_PARALLEL_MIN_FEATURES -ErrorAction SilentlyContinue
}
Write-Host "The bundle runs: $Bundle"

# 4. Portable .zip and installer -------------------------------------------------------------
$Zip = Join-Path $Dist "concession-gis-$Version-windows.zip"
if (Test-Path $Zip) { Remove-Item -Force $Zip }
Compress-Archive -Path $Bundle -DestinationPath $Zip
Write-Host "Portable folder: $Zip"

if ($NoInstaller) { return }
if (-not $Iscc) {
    $Found = Get-Command ISCC.exe -ErrorAction SilentlyContinue
    $Candidates = @($(if ($Found) { $Found.Source }),
                    "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
                    "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
                    "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe")
    $Iscc = $Candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
    if (-not $Iscc) { throw "Inno Setup 6 (ISCC.exe) not found: install it from https://jrsoftware.org/isinfo.php or pass -Iscc PATH" }
}
Invoke-Checked $Iscc "/DAppVersion=$Version" "/DSourceDir=$Bundle" "/O$Dist" (Join-Path $PSScriptRoot "concession-gis.iss")
Write-Host "Installer: $(Join-Path $Dist "concession-gis-$Version-setup.exe")"
