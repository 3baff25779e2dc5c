<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>Actions</name>
    <message>
        <location filename="../actions.py" line="13"/>
        <source>&amp;Open…</source>
        <translation>&amp;Open…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="14"/>
        <source>Open &amp;project…</source>
        <translation>Open &amp;project…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="15"/>
        <source>&amp;Save project</source>
        <translation>&amp;Save project</translation>
    </message>
    <message>
        <location filename="../actions.py" line="16"/>
        <source>Save project &amp;as…</source>
        <translation>Save project &amp;as…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="17"/>
        <source>&amp;Export results and maps…</source>
        <translation>&amp;Export results and maps…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="18"/>
        <source>Export &amp;table (CSV/XLSX)…</source>
        <translation>Export &amp;table (CSV/XLSX)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="19"/>
        <source>Save map &amp;image…</source>
        <translation>Save map &amp;image…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="20"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location filename="../actions.py" line="21"/>
        <source>Zoom &amp;in</source>
        <translation>Zoom &amp;in</translation>
    </message>
    <message>
        <location filename="../actions.py" line="22"/>
        <source>Zoom &amp;out</source>
        <translation>Zoom &amp;out</translation>
    </message>
    <message>
        <location filename="../actions.py" line="23"/>
        <source>Zoom to &amp;all data</source>
        <translation>Zoom to &amp;all data</translation>
    </message>
    <message>
        <location filename="../actions.py" line="24"/>
        <source>Zoom to &amp;layer</source>
        <translation>Zoom to &amp;layer</translation>
    </message>
    <message>
        <location filename="../actions.py" line="25"/>
        <source>Zoom to &amp;selection</source>
        <translation>Zoom to &amp;selection</translation>
    </message>
    <message>
        <location filename="../actions.py" line="26"/>
        <source>&amp;Box zoom</source>
        <translation>&amp;Box zoom</translation>
    </message>
    <message>
        <location filename="../actions.py" line="27"/>
        <source>&amp;Run analysis</source>
        <translation>&amp;Run analysis</translation>
    </message>
    <message>
        <location filename="../actions.py" line="28"/>
        <source>&amp;Cancel analysis</source>
        <translation>&amp;Cancel analysis</translation>
    </message>
    <message>
        <location filename="../actions.py" line="29"/>
        <source>R&amp;ules…</source>
        <translation>R&amp;ules…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="30"/>
        <source>&amp;Add input files…</source>
        <translation>&amp;Add input files…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="31"/>
        <source>&amp;About</source>
        <translation>&amp;About</translation>
    </message>
    <message>
        <location filename="../actions.py" line="36"/>
        <source>&amp;File</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location filename="../actions.py" line="38"/>
        <source>&amp;View</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location filename="../actions.py" line="39"/>
        <source>&amp;Analysis</source>
        <translation>&amp;Analysis</translation>
    </message>
    <message>
        <location filename="../actions.py" line="40"/>
        <source>&amp;Settings</source>
        <translation>&amp;Settings</translation>
    </message>
    <message>
        <location filename="../actions.py" line="41"/>
        <source>&amp;Help</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location filename="../actions.py" line="108"/>
        <source>Open &amp;recent</source>
        <translation>Open &amp;recent</translation>
    </message>
    <message>
        <location filename="../actions.py" line="109"/>
        <source>&amp;Panels</source>
        <translation>&amp;Panels</translation>
    </message>
    <message>
        <location filename="../actions.py" line="110"/>
        <source>&amp;Language</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location filename="../actions.py" line="111"/>
        <source>Tools</source>
        <translation>Tools</translation>
    </message>
</context>
<context>
    <name>AttributeTable</name>
    <message>
        <location filename="../panels/attribute_table.py" line="234"/>
        <source>All rows</source>
        <translation>All rows</translation>
    </message>
    <message>
        <location filename="../panels/attribute_table.py" line="186"/>
        <source>%1 of %2 rows</source>
        <translation>%1 of %2 rows</translation>
    </message>
    <message>
        <location filename="../panels/attribute_table.py" line="230"/>
        <source>Search code, name, holder or miner…</source>
        <translation>Search code, name, holder or miner…</translation>
    </message>
    <message>
        <location filename="../panels/attribute_table.py" line="231"/>
        <source>Layer shown in the table</source>
        <translation>Layer shown in the table</translation>
    </message>
    <message>
        <location filename="../panels/attribute_table.py" line="232"/>
        <source>Show only rows with this value</source>
        <translation>Show only rows with this value</translation>
    </message>
</context>
<context>
    <name>ColumnMapDialog</name>
    <message>
        <location filename="../dialogs/columns_dialog.py" line="50"/>
        <source>Columns of %1</source>
        <translation>Columns of %1</translation>
    </message>
    <message>
        <location filename="../dialogs/columns_dialog.py" line="54"/>
        <source>Which column holds each field of these %1? Fields marked * are required.</source>
        <translation>Which column holds each field of these %1? Fields marked * are required.</translation>
    </message>
    <message>
        <location filename="../dialogs/columns_dialog.py" line="68"/>
        <source>(none)</source>
        <translation>(none)</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <location filename="../controller.py" line="112"/>
        <source>%1: %2 rows usable, %3 set aside</source>
        <translation>%1: %2 rows usable, %3 set aside</translation>
    </message>
    <message>
        <location filename="../controller.py" line="197"/>
        <source>Add a concessions file first (File &gt; Open).</source>
        <translation>Add a concessions file first (File &gt; Open).</translation>
    </message>
    <message>
        <location filename="../controller.py" line="208"/>
        <source>Starting the analysis…</source>
        <translation>Starting the analysis…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="227"/>
        <source>Analysis done in %1 s; loading the results…</source>
        <translation>Analysis done in %1 s; loading the results…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="234"/>
        <source>The analysis stopped: see the messages.</source>
        <translation>The analysis stopped: see the messages.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="245"/>
        <source>Analysis cancelled.</source>
        <translation>Analysis cancelled.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="296"/>
        <source>Results loaded.</source>
        <translation>Results loaded.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="344"/>
        <source>Project saved: %1</source>
        <translation>Project saved: %1</translation>
    </message>
    <message>
        <location filename="../controller.py" line="377"/>
        <source>Autosave failed: %1</source>
        <translation>Autosave failed: %1</translation>
    </message>
    <message>
        <location filename="../controller.py" line="396"/>
        <source>Run the analysis first: tables are exported from its results.</source>
        <translation>Run the analysis first: tables are exported from its results.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="403"/>
        <source>Run the analysis first: there is nothing to export yet.</source>
        <translation>Run the analysis first: there is nothing to export yet.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="409"/>
        <source>Exporting…</source>
        <translation>Exporting…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="414"/>
        <source>Exported.</source>
        <translation>Exported.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="415"/>
        <source>Written: %1</source>
        <translation>Written: %1</translation>
    </message>
    <message>
        <location filename="../controller.py" line="427"/>
        <source>Internal error: %1. Details in %2; please report them.</source>
        <translation>Internal error: %1. Details in %2; please report them.</translation>
    </message>
</context>
<context>
    <name>CrsDialog</name>
    <message>
        <location filename="../dialogs/crs_dialog.py" line="69"/>
        <source>Coordinate reference system</source>
        <translation>Coordinate reference system</translation>
    </message>
    <message>
        <location filename="../dialogs/crs_dialog.py" line="71"/>
        <source>%1 does not say which coordinate reference system its coordinates are in. Choose it (the INGEMMET file name usually gives the zone):</source>
        <translation>%1 does not say which coordinate reference system its coordinates are in. Choose it (the INGEMMET file name usually gives the zone):</translation>
    </message>
    <message>
        <location filename="../dialogs/crs_dialog.py" line="81"/>
        <source>or type an EPSG code, e.g. 32718</source>
        <translation>or type an EPSG code, e.g. 32718</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../panels/dashboard.py" line="73"/>
        <source>Run the analysis to see its results here.</source>
        <translation>Run the analysis to see its results here.</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="78"/>
        <source>Analysis of %1, version %2 (%3 s)</source>
        <translation>Analysis of %1, version %2 (%3 s)</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="124"/>
        <source>Group</source>
        <translation>Group</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="124"/>
        <source>Item</source>
        <translation>Item</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="124"/>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="126"/>
        <source>By district (m = share of the titled area with at least one active registration)</source>
        <translation>By district (m = share of the titled area with at least one active registration)</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="138"/>
        <source>Totals</source>
        <translation>Totals</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="139"/>
        <source>Relation to the claim</source>
        <translation>Relation to the claim</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="140"/>
        <source>Conflict type</source>
        <translation>Conflict type</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="141"/>
        <source>Legal state</source>
        <translation>Legal state</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="142"/>
        <source>Registration status</source>
        <translation>Registration status</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="143"/>
        <source>Holder stratum</source>
        <translation>Holder stratum</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="144"/>
        <source>Hectares</source>
        <translation>Hectares</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="150"/>
        <source>Concessions</source>
        <translation>Concessions</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="151"/>
        <source>Registrations read</source>
        <translation>Registrations read</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="152"/>
        <source>Registrations placed</source>
        <translation>Registrations placed</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="153"/>
        <source>Registrations rejected</source>
        <translation>Registrations rejected</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="163"/>
        <source>Idle claims</source>
        <translation>Idle claims</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="155"/>
        <source>Coexistence candidates</source>
        <translation>Coexistence candidates</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="156"/>
        <source>Overlapping pairs</source>
        <translation>Overlapping pairs</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="162"/>
        <source>All concessions</source>
        <translation>All concessions</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="164"/>
        <source>Overlaps</source>
        <translation>Overlaps</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="165"/>
        <source>Forest loss, summed over claims</source>
        <translation>Forest loss, summed over claims</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="166"/>
        <source>Forest loss on the claimed ground (each hectare once)</source>
        <translation>Forest loss on the claimed ground (each hectare once)</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../panels/details.py" line="94"/>
        <source>Click a feature on the map or a row of the table.</source>
        <translation>Click a feature on the map or a row of the table.</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="125"/>
        <source>Registrations on this claim: %1</source>
        <translation>Registrations on this claim: %1</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="139"/>
        <source>Forest loss by year: %1 ha</source>
        <translation>Forest loss by year: %1 ha</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="139"/>
        <source>Forest loss by year: no raster data for this claim</source>
        <translation>Forest loss by year: no raster data for this claim</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="149"/>
        <source>Field</source>
        <translation>Field</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="149"/>
        <source>Value</source>
        <translation>Value</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../dialogs/export_dialog.py" line="63"/>
        <source>Export</source>
        <translation>Export</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="66"/>
        <source>Results</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="67"/>
        <source>Map</source>
        <translation>Map</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="68"/>
        <source>Atlas</source>
        <translation>Atlas</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="72"/>
        <source>Print maps arrive with the core&apos;s maps module.</source>
        <translation>Print maps arrive with the core's maps module.</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="89"/>
        <source>Folder</source>
        <translation>Folder</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="91"/>
        <source>Conflict map (PDF and PNG)</source>
        <translation>Conflict map (PDF and PNG)</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="96"/>
        <source>results.gpkg (opens styled in QGIS) and summary.json are always written.</source>
        <translation>results.gpkg (opens styled in QGIS) and summary.json are always written.</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="99"/>
        <source>Export results</source>
        <translation>Export results</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="109"/>
        <source>Regional conflict map</source>
        <translation>Regional conflict map</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="110"/>
        <source>Case page of the claim</source>
        <translation>Case page of the claim</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="118"/>
        <source>Only the area shown on the map</source>
        <translation>Only the area shown on the map</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="123"/>
        <source>File (.pdf, .png, .svg)</source>
        <translation>File (.pdf, .png, .svg)</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="126"/>
        <source>Preview</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="126"/>
        <source>Export map</source>
        <translation>Export map</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="148"/>
        <source>File (.pdf)</source>
        <translation>File (.pdf)</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="149"/>
        <source>Claims where</source>
        <translation>Claims where</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="150"/>
        <source>Export atlas</source>
        <translation>Export atlas</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="186"/>
        <source>Export to folder</source>
        <translation>Export to folder</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="191"/>
        <source>Save as</source>
        <translation>Save as</translation>
    </message>
</context>
<context>
    <name>InputsPanel</name>
    <message>
        <location filename="../panels/inputs_panel.py" line="74"/>
        <source>CRS assumed for files without one: %1</source>
        <translation>CRS assumed for files without one: %1</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="75"/>
        <source>none</source>
        <translation>none</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="77"/>
        <source>Column map: %1</source>
        <translation>Column map: %1</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="79"/>
        <source>Rules changed from the defaults</source>
        <translation>Rules changed from the defaults</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="98"/>
        <source>Add files…</source>
        <translation>Add files…</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="99"/>
        <source>Remove</source>
        <translation>Remove</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="100"/>
        <source>Rules…</source>
        <translation>Rules…</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="101"/>
        <source>Run analysis</source>
        <translation>Run analysis</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="102"/>
        <source>Double-click a file to choose which of its columns hold each field.</source>
        <translation>Double-click a file to choose which of its columns hold each field.</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../panels/layer_panel.py" line="173"/>
        <source>Style by</source>
        <translation>Style by</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="174"/>
        <source>Opacity</source>
        <translation>Opacity</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="175"/>
        <source>Move the layer up</source>
        <translation>Move the layer up</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="176"/>
        <source>Move the layer down</source>
        <translation>Move the layer down</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="177"/>
        <source>Zoom to layer</source>
        <translation>Zoom to layer</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="189"/>
        <source>Disturbed (no date)</source>
        <translation>Disturbed (no date)</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="203"/>
        <source>No value</source>
        <translation>No value</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="193"/>
        <source>Open inputs, results or a project</source>
        <translation>Open inputs, results or a project</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="200"/>
        <source>Open project</source>
        <translation>Open project</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="207"/>
        <source>Save project</source>
        <translation>Save project</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="284"/>
        <source>Drawing the map…</source>
        <translation>Drawing the map…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="293"/>
        <source>Export table</source>
        <translation>Export table</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="299"/>
        <source>Save map image</source>
        <translation>Save map image</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="304"/>
        <source>concession-gis %1: who works on whose mining claim, idle and extinct claims, coexistence candidates and forest loss.</source>
        <translation>concession-gis %1: who works on whose mining claim, idle and extinct claims, coexistence candidates and forest loss.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="393"/>
        <source>Layers</source>
        <translation>Layers</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="393"/>
        <source>Inputs</source>
        <translation>Inputs</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="394"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="394"/>
        <source>Results</source>
        <translation>Results</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="395"/>
        <source>Attribute table</source>
        <translation>Attribute table</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="395"/>
        <source>Messages</source>
        <translation>Messages</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="398"/>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="400"/>
        <source>Results and tables; print maps arrive with the core&apos;s maps module.</source>
        <translation>Results and tables; print maps arrive with the core's maps module.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="404"/>
        <source>untitled</source>
        <translation>untitled</translation>
    </message>
</context>
<context>
    <name>MessagePanel</name>
    <message>
        <location filename="../panels/messages.py" line="61"/>
        <source>Clear</source>
        <translation>Clear</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <location filename="../names.py" line="36"/>
        <source>Concessions</source>
        <translation>Concessions</translation>
    </message>
    <message>
        <location filename="../names.py" line="16"/>
        <source>Registrations (REINFO)</source>
        <translation>Registrations (REINFO)</translation>
    </message>
    <message>
        <location filename="../names.py" line="17"/>
        <source>Overlaps between concessions</source>
        <translation>Overlaps between concessions</translation>
    </message>
    <message>
        <location filename="../names.py" line="18"/>
        <source>Coexistence candidates</source>
        <translation>Coexistence candidates</translation>
    </message>
    <message>
        <location filename="../names.py" line="38"/>
        <source>Restricted areas</source>
        <translation>Restricted areas</translation>
    </message>
    <message>
        <location filename="../names.py" line="20"/>
        <source>Forest loss by year</source>
        <translation>Forest loss by year</translation>
    </message>
    <message>
        <location filename="../names.py" line="21"/>
        <source>District summary</source>
        <translation>District summary</translation>
    </message>
    <message>
        <location filename="../names.py" line="22"/>
        <source>Rejected rows</source>
        <translation>Rejected rows</translation>
    </message>
    <message>
        <location filename="../names.py" line="37"/>
        <source>Registrations</source>
        <translation>Registrations</translation>
    </message>
    <message>
        <location filename="../names.py" line="39"/>
        <source>Forest loss raster</source>
        <translation>Forest loss raster</translation>
    </message>
    <message>
        <location filename="../names.py" line="40"/>
        <source>Declared production</source>
        <translation>Declared production</translation>
    </message>
    <message>
        <location filename="../names.py" line="41"/>
        <source>Holder strata</source>
        <translation>Holder strata</translation>
    </message>
    <message>
        <location filename="../names.py" line="47"/>
        <source>Single colour</source>
        <translation>Single colour</translation>
    </message>
    <message>
        <location filename="../names.py" line="48"/>
        <source>Legal state</source>
        <translation>Legal state</translation>
    </message>
    <message>
        <location filename="../names.py" line="49"/>
        <source>Holder stratum</source>
        <translation>Holder stratum</translation>
    </message>
    <message>
        <location filename="../names.py" line="50"/>
        <source>Idle claim</source>
        <translation>Idle claim</translation>
    </message>
    <message>
        <location filename="../names.py" line="51"/>
        <source>Latest forest-loss year</source>
        <translation>Latest forest-loss year</translation>
    </message>
    <message>
        <location filename="../names.py" line="52"/>
        <source>Conflict type</source>
        <translation>Conflict type</translation>
    </message>
    <message>
        <location filename="../names.py" line="53"/>
        <source>Relation to the claim</source>
        <translation>Relation to the claim</translation>
    </message>
    <message>
        <location filename="../names.py" line="54"/>
        <source>Registration status</source>
        <translation>Registration status</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <location filename="../recovery.py" line="22"/>
        <source>The previous session was recovered.</source>
        <translation>The previous session was recovered.</translation>
    </message>
    <message>
        <location filename="../recovery.py" line="31"/>
        <source>Recover the previous session?</source>
        <translation>Recover the previous session?</translation>
    </message>
    <message>
        <location filename="../recovery.py" line="31"/>
        <source>concession-gis did not close normally last time. Reopen the session it saved automatically (inputs, rules, results and view)?</source>
        <translation>concession-gis did not close normally last time. Reopen the session it saved automatically (inputs, rules, results and view)?</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="182"/>
        <source>Rules</source>
        <translation>Rules</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="74"/>
        <source>Rule</source>
        <translation>Rule</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="74"/>
        <source>Value</source>
        <translation>Value</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="74"/>
        <source>Default</source>
        <translation>Default</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="81"/>
        <source>Load TOML…</source>
        <translation>Load TOML…</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="82"/>
        <source>Save as TOML…</source>
        <translation>Save as TOML…</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="83"/>
        <source>Defaults</source>
        <translation>Defaults</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="84"/>
        <source>Every threshold and code table of the analysis. Double-click a value to change it; changed rules are shown in bold and echoed into summary.json.</source>
        <translation>Every threshold and code table of the analysis. Double-click a value to change it; changed rules are shown in bold and echoed into summary.json.</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="175"/>
        <source>Load rules</source>
        <translation>Load rules</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="195"/>
        <source>Save rules</source>
        <translation>Save rules</translation>
    </message>
</context>
</TS>
