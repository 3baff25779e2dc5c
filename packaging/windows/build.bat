@echo off
rem Builds the concession-gis bundle, its .zip and installer: see build.ps1 beside this file.
rem Usage: packaging\windows\build.bat [-NoInstaller] [-Iscc PATH] [-Python C:\path\to\python.exe]
powershell -NoProfile -ExecutionPolicy Bypass -File "%~dp0build.ps1" %*
exit /b %ERRORLEVEL%
