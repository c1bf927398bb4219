; The Windows installer of 一窗, built on Linux by build/windows-installer.sh
; with Debian's makensis (docs/adr/0015). The script passes:
;   VERSION BUILD   from FyneApp.toml
;   STAGE           the folder holding yichuang.exe, INSTALL.txt and icon.ico
;   OUTFILE         the installer to write
;   STORE           (optional) store the files uncompressed: the CI's
;                   cross-check, which only needs to know the script builds
; Per machine: C:\Program Files\yichuang, shortcuts named 一窗 in everyone's
; Start menu and on the public desktop, an entry in 应用和功能 (Add/Remove
; Programs). /S installs silently (mass deployment); the uninstaller takes
; /S too. Neither ever touches a clerk's data in %AppData%\yichuang.

Unicode true
Target amd64-unicode
!ifdef STORE
SetCompress off
!else
SetCompressor /SOLID lzma
!endif
RequestExecutionLevel admin
ManifestDPIAware true

!include MUI2.nsh
!include FileFunc.nsh
!include LogicLib.nsh
!include x64.nsh

!define APPNAME "一窗"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\yichuang"
; The files Mesa's Windows build (mesa-dist-win, x64) needs beside the exe
; for software OpenGL: opengl32.dll and, from Mesa 22 on, libgallium_wgl.dll.
!define MESA1 "opengl32.dll"
!define MESA2 "libgallium_wgl.dll"

Name "${APPNAME}"
Caption "${APPNAME} ${VERSION} 安装"
OutFile "${OUTFILE}"
InstallDir "$PROGRAMFILES64\yichuang"
BrandingText "${APPNAME} ${VERSION}（构建 ${BUILD}）"

VIProductVersion "${VERSION}.${BUILD}"
VIFileVersion "${VERSION}.${BUILD}"
VIAddVersionKey /LANG=2052 "ProductName" "${APPNAME}"
VIAddVersionKey /LANG=2052 "FileDescription" "${APPNAME} 安装程序"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}.${BUILD}"
VIAddVersionKey /LANG=2052 "OriginalFilename" "yichuang-${VERSION}-windows-amd64-setup.exe"
VIAddVersionKey /LANG=2052 "LegalCopyright" "yichuang contributors"

!define MUI_ICON "${STAGE}\icon.ico"
!define MUI_UNICON "${STAGE}\icon.ico"
!define MUI_ABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_FINISHPAGE_RUN "$INSTDIR\yichuang.exe"
!define MUI_FINISHPAGE_RUN_TEXT "启动一窗"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

Section "一窗（必需）" SecApp
	SectionIn RO
	SetShellVarContext all
	SetOutPath "$INSTDIR"
	File "${STAGE}\yichuang.exe"
	File "${STAGE}\INSTALL.txt"
	WriteUninstaller "$INSTDIR\uninstall.exe"
	CreateShortcut "$SMPROGRAMS\${APPNAME}.lnk" "$INSTDIR\yichuang.exe" "" "$INSTDIR\yichuang.exe" 0 SW_SHOWNORMAL "" "${APPNAME}：政务服务窗口受理"
	CreateShortcut "$DESKTOP\${APPNAME}.lnk" "$INSTDIR\yichuang.exe" "" "$INSTDIR\yichuang.exe" 0 SW_SHOWNORMAL "" "${APPNAME}：政务服务窗口受理"

	SetRegView 64
	WriteRegStr HKLM "${UNINSTKEY}" "DisplayName" "${APPNAME}"
	WriteRegStr HKLM "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKLM "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\yichuang.exe"
	WriteRegStr HKLM "${UNINSTKEY}" "Publisher" "yichuang"
	WriteRegStr HKLM "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKLM "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKLM "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKLM "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKLM "${UNINSTKEY}" "NoRepair" 1
	${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
	IntFmt $0 "0x%08X" $0
	WriteRegDWORD HKLM "${UNINSTKEY}" "EstimatedSize" "$0"
SectionEnd

; Software OpenGL for PCs without a GPU driver (VMs, cloud desktops, remote
; desktop). No registry here offers Mesa for Windows: IT puts its DLLs
; beside the installer, and then this component is chosen by itself (also
; with /S). Without them it cannot be chosen.
Section /o "软件渲染 OpenGL（Mesa，仅用于无显卡驱动的电脑）" SecMesa
	SetOutPath "$INSTDIR"
	CopyFiles /SILENT "$EXEDIR\${MESA1}" "$INSTDIR\${MESA1}"
	${If} ${FileExists} "$EXEDIR\${MESA2}"
		CopyFiles /SILENT "$EXEDIR\${MESA2}" "$INSTDIR\${MESA2}"
	${EndIf}
SectionEnd

Function .onInit
	${IfNot} ${RunningX64}
		MessageBox MB_ICONSTOP "一窗只能安装在 64 位 Windows 10 / 11 上。" /SD IDOK
		Abort
	${EndIf}
	SetRegView 64
	${If} ${FileExists} "$EXEDIR\${MESA1}"
		SectionSetFlags ${SecMesa} ${SF_SELECTED}
	${Else}
		SectionSetFlags ${SecMesa} ${SF_RO}
	${EndIf}
FunctionEnd

Function un.onInit
	SetRegView 64
FunctionEnd

; Removes what the installer wrote, nothing else: %AppData%\yichuang (the
; database, attachments) stays, so a reinstall finds the clerk's work.
Section "Uninstall"
	SetShellVarContext all
	Delete "$SMPROGRAMS\${APPNAME}.lnk"
	Delete "$DESKTOP\${APPNAME}.lnk"
	Delete "$INSTDIR\yichuang.exe"
	Delete "$INSTDIR\INSTALL.txt"
	Delete "$INSTDIR\${MESA1}"
	Delete "$INSTDIR\${MESA2}"
	Delete "$INSTDIR\uninstall.exe"
	RMDir "$INSTDIR"
	DeleteRegKey HKLM "${UNINSTKEY}"
SectionEnd
