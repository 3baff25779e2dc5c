; Inno Setup 6 script of the concession-gis installer for Windows (issue 7).
;
; build.ps1 (beside this file) builds the bundle with PyInstaller and then runs
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=<repo>\dist\concession-gis /O<repo>\dist concession-gis.iss
; which writes dist\concession-gis-<version>-setup.exe. The installer copies the one-folder
; bundle, adds Start-menu entries (the application; a command prompt for the command line),
; associates project files with the application and registers an uninstaller. It needs no
; administrator rights: by default it installs for the current user under
; %LOCALAPPDATA%\Programs\concession-gis; run as administrator (or choose "all users" in the
; dialog) it installs under Program Files for everyone.
;
; Project files: Windows picks a file's type by the text after its LAST dot, so a
; "name.cgis.json" project is a .json file to Explorer and cannot have an association of its
; own (taking over every .json file would be wrong). The association is for .cgisproj, the
; project extension the application also accepts; .json files only get concession-gis added to
; their "Open with" list.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\concession-gis"
#endif
#define AppName "concession-gis"
#define GuiExe "concession-gis-gui.exe"
#define CliExe "concession-gis.exe"
#define ProjectExt ".cgisproj"
#define ProgId "concession-gis.project"

[Setup]
; AppId identifies the application for upgrades and the uninstaller: never change it.
AppId={{8B38EC81-4369-4D48-90AB-B435C23F9980}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename={#AppName}-{#AppVersion}-setup
SetupIconFile={#SourceDir}\_internal\concession-gis.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
; Upgrading over a running copy would leave a mix of old and new files.
CloseApplications=yes

[Languages]
Name: "es"; MessagesFile: "compiler:Languages\Spanish.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
es.AssociateTask=Abrir los proyectos ({#ProjectExt}) con {#AppName}
en.AssociateTask=Open project files ({#ProjectExt}) with {#AppName}
es.ProjectFile=Proyecto de {#AppName}
en.ProjectFile={#AppName} project
es.CommandLine={#AppName} (línea de comandos)
en.CommandLine={#AppName} (command line)

[Tasks]
Name: "associate"; Description: "{cm:AssociateTask}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: no library of the previous version may stay behind.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{userdocs}"
; A command prompt with the command line on its PATH (the installer does not change the PATH).
Name: "{group}\{cm:CommandLine}"; Filename: "{cmd}"; Parameters: "/k set ""PATH={app};%PATH%"" && {#CliExe} --help"; WorkingDir: "{userdocs}"; IconFilename: "{app}\{#CliExe}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Registry]
; HKA is HKCU for a per-user install and HKLM for an all-users one.
Root: HKA; Subkey: "Software\Classes\{#ProjectExt}"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProjectExt}\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\.json\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:ProjectFile}"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#GuiExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#GuiExe}"" ""%1"""; Tasks: associate
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: "{#ProjectExt}"; ValueData: ""; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Applications\{#GuiExe}\SupportedTypes"; ValueType: string; ValueName: ".json"; ValueData: ""

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; WorkingDir: "{userdocs}"; Flags: nowait postinstall skipifsilent

; Logs (%LOCALAPPDATA%\concession-gis\logs), autosaves and settings are the user's and stay
; after uninstalling; docs/install.md says how to remove them.
