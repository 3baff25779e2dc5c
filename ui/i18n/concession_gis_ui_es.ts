<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>Actions</name>
    <message>
        <location filename="../actions.py" line="13"/>
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="14"/>
        <source>Open &amp;project…</source>
        <translation>Abrir &amp;proyecto…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="15"/>
        <source>&amp;Save project</source>
        <translation>&amp;Guardar proyecto</translation>
    </message>
    <message>
        <location filename="../actions.py" line="16"/>
        <source>Save project &amp;as…</source>
        <translation>Guardar proyecto &amp;como…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="17"/>
        <source>&amp;Export results and maps…</source>
        <translation>&amp;Exportar resultados y mapas…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="18"/>
        <source>Export &amp;table (CSV/XLSX)…</source>
        <translation>Exportar &amp;tabla (CSV/XLSX)…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="19"/>
        <source>Save map &amp;image…</source>
        <translation>Guardar &amp;imagen del mapa…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="20"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location filename="../actions.py" line="21"/>
        <source>Zoom &amp;in</source>
        <translation>&amp;Acercar</translation>
    </message>
    <message>
        <location filename="../actions.py" line="22"/>
        <source>Zoom &amp;out</source>
        <translation>A&amp;lejar</translation>
    </message>
    <message>
        <location filename="../actions.py" line="23"/>
        <source>Zoom to &amp;all data</source>
        <translation>Ver &amp;todos los datos</translation>
    </message>
    <message>
        <location filename="../actions.py" line="24"/>
        <source>Zoom to &amp;layer</source>
        <translation>Ver la &amp;capa</translation>
    </message>
    <message>
        <location filename="../actions.py" line="25"/>
        <source>Zoom to &amp;selection</source>
        <translation>Ver la &amp;selección</translation>
    </message>
    <message>
        <location filename="../actions.py" line="26"/>
        <source>&amp;Box zoom</source>
        <translation>Acercar por &amp;recuadro</translation>
    </message>
    <message>
        <location filename="../actions.py" line="27"/>
        <source>&amp;Run analysis</source>
        <translation>&amp;Ejecutar el análisis</translation>
    </message>
    <message>
        <location filename="../actions.py" line="28"/>
        <source>&amp;Cancel analysis</source>
        <translation>&amp;Cancelar el análisis</translation>
    </message>
    <message>
        <location filename="../actions.py" line="29"/>
        <source>R&amp;ules…</source>
        <translation>&amp;Reglas…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="30"/>
        <source>&amp;Add input files…</source>
        <translation>&amp;Añadir archivos de entrada…</translation>
    </message>
    <message>
        <location filename="../actions.py" line="31"/>
        <source>&amp;About</source>
        <translation>&amp;Acerca de</translation>
    </message>
    <message>
        <location filename="../actions.py" line="36"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location filename="../actions.py" line="38"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location filename="../actions.py" line="39"/>
        <source>&amp;Analysis</source>
        <translation>A&amp;nálisis</translation>
    </message>
    <message>
        <location filename="../actions.py" line="40"/>
        <source>&amp;Settings</source>
        <translation>&amp;Configuración</translation>
    </message>
    <message>
        <location filename="../actions.py" line="41"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location filename="../actions.py" line="108"/>
        <source>Open &amp;recent</source>
        <translation>Abrir &amp;recientes</translation>
    </message>
    <message>
        <location filename="../actions.py" line="109"/>
        <source>&amp;Panels</source>
        <translation>&amp;Paneles</translation>
    </message>
    <message>
        <location filename="../actions.py" line="110"/>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <location filename="../actions.py" line="111"/>
        <source>Tools</source>
        <translation>Herramientas</translation>
    </message>
</context>
<context>
    <name>AttributeTable</name>
    <message>
        <location filename="../panels/attribute_table.py" line="234"/>
        <source>All rows</source>
        <translation>Todas las filas</translation>
    </message>
    <message>
        <location filename="../panels/attribute_table.py" line="186"/>
        <source>%1 of %2 rows</source>
        <translation>%1 de %2 filas</translation>
    </message>
    <message>
        <location filename="../panels/attribute_table.py" line="230"/>
        <source>Search code, name, holder or miner…</source>
        <translation>Buscar código, nombre, titular o minero…</translation>
    </message>
    <message>
        <location filename="../panels/attribute_table.py" line="231"/>
        <source>Layer shown in the table</source>
        <translation>Capa que muestra la tabla</translation>
    </message>
    <message>
        <location filename="../panels/attribute_table.py" line="232"/>
        <source>Show only rows with this value</source>
        <translation>Mostrar solo las filas con este valor</translation>
    </message>
</context>
<context>
    <name>ColumnMapDialog</name>
    <message>
        <location filename="../dialogs/columns_dialog.py" line="50"/>
        <source>Columns of %1</source>
        <translation>Columnas de %1</translation>
    </message>
    <message>
        <location filename="../dialogs/columns_dialog.py" line="54"/>
        <source>Which column holds each field of these %1? Fields marked * are required.</source>
        <translation>¿Qué columna contiene cada campo de estos datos (%1)? Los campos marcados con * son obligatorios.</translation>
    </message>
    <message>
        <location filename="../dialogs/columns_dialog.py" line="68"/>
        <source>(none)</source>
        <translation>(ninguna)</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <location filename="../controller.py" line="112"/>
        <source>%1: %2 rows usable, %3 set aside</source>
        <translation>%1: %2 filas utilizables, %3 apartadas</translation>
    </message>
    <message>
        <location filename="../controller.py" line="197"/>
        <source>Add a concessions file first (File &gt; Open).</source>
        <translation>Primero añada un archivo de concesiones (Archivo &gt; Abrir).</translation>
    </message>
    <message>
        <location filename="../controller.py" line="208"/>
        <source>Starting the analysis…</source>
        <translation>Iniciando el análisis…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="227"/>
        <source>Analysis done in %1 s; loading the results…</source>
        <translation>Análisis terminado en %1 s; cargando los resultados…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="234"/>
        <source>The analysis stopped: see the messages.</source>
        <translation>El análisis se detuvo: vea los mensajes.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="245"/>
        <source>Analysis cancelled.</source>
        <translation>Análisis cancelado.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="296"/>
        <source>Results loaded.</source>
        <translation>Resultados cargados.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="344"/>
        <source>Project saved: %1</source>
        <translation>Proyecto guardado: %1</translation>
    </message>
    <message>
        <location filename="../controller.py" line="377"/>
        <source>Autosave failed: %1</source>
        <translation>Falló el guardado automático: %1</translation>
    </message>
    <message>
        <location filename="../controller.py" line="396"/>
        <source>Run the analysis first: tables are exported from its results.</source>
        <translation>Ejecute primero el análisis: las tablas se exportan de sus resultados.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="403"/>
        <source>Run the analysis first: there is nothing to export yet.</source>
        <translation>Ejecute primero el análisis: todavía no hay nada que exportar.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="409"/>
        <source>Exporting…</source>
        <translation>Exportando…</translation>
    </message>
    <message>
        <location filename="../controller.py" line="414"/>
        <source>Exported.</source>
        <translation>Exportado.</translation>
    </message>
    <message>
        <location filename="../controller.py" line="415"/>
        <source>Written: %1</source>
        <translation>Escrito: %1</translation>
    </message>
    <message>
        <location filename="../controller.py" line="427"/>
        <source>Internal error: %1. Details in %2; please report them.</source>
        <translation>Error interno: %1. Detalles en %2; por favor, repórtelos.</translation>
    </message>
</context>
<context>
    <name>CrsDialog</name>
    <message>
        <location filename="../dialogs/crs_dialog.py" line="69"/>
        <source>Coordinate reference system</source>
        <translation>Sistema de referencia de coordenadas</translation>
    </message>
    <message>
        <location filename="../dialogs/crs_dialog.py" line="71"/>
        <source>%1 does not say which coordinate reference system its coordinates are in. Choose it (the INGEMMET file name usually gives the zone):</source>
        <translation>%1 no indica en qué sistema de referencia están sus coordenadas. Elíjalo (el nombre de los archivos de INGEMMET suele indicar la zona):</translation>
    </message>
    <message>
        <location filename="../dialogs/crs_dialog.py" line="81"/>
        <source>or type an EPSG code, e.g. 32718</source>
        <translation>o escriba un código EPSG, p. ej. 32718</translation>
    </message>
</context>
<context>
    <name>Dashboard</name>
    <message>
        <location filename="../panels/dashboard.py" line="73"/>
        <source>Run the analysis to see its results here.</source>
        <translation>Ejecute el análisis para ver aquí sus resultados.</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="78"/>
        <source>Analysis of %1, version %2 (%3 s)</source>
        <translation>Análisis del %1, versión %2 (%3 s)</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="124"/>
        <source>Group</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="124"/>
        <source>Item</source>
        <translation>Elemento</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="124"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="126"/>
        <source>By district (m = share of the titled area with at least one active registration)</source>
        <translation>Por distrito (m = proporción del área titulada con al menos un registro vigente)</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="138"/>
        <source>Totals</source>
        <translation>Totales</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="139"/>
        <source>Relation to the claim</source>
        <translation>Relación con la concesión</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="140"/>
        <source>Conflict type</source>
        <translation>Tipo de conflicto</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="141"/>
        <source>Legal state</source>
        <translation>Situación legal</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="142"/>
        <source>Registration status</source>
        <translation>Estado del registro</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="143"/>
        <source>Holder stratum</source>
        <translation>Estrato del titular</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="144"/>
        <source>Hectares</source>
        <translation>Hectáreas</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="150"/>
        <source>Concessions</source>
        <translation>Concesiones</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="151"/>
        <source>Registrations read</source>
        <translation>Registros leídos</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="152"/>
        <source>Registrations placed</source>
        <translation>Registros ubicados</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="153"/>
        <source>Registrations rejected</source>
        <translation>Registros rechazados</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="163"/>
        <source>Idle claims</source>
        <translation>Concesiones ociosas</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="155"/>
        <source>Coexistence candidates</source>
        <translation>Candidatos a convivencia</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="156"/>
        <source>Overlapping pairs</source>
        <translation>Pares superpuestos</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="162"/>
        <source>All concessions</source>
        <translation>Todas las concesiones</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="164"/>
        <source>Overlaps</source>
        <translation>Superposiciones</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="165"/>
        <source>Forest loss, summed over claims</source>
        <translation>Pérdida de bosque, sumada por concesión</translation>
    </message>
    <message>
        <location filename="../panels/dashboard.py" line="166"/>
        <source>Forest loss on the claimed ground (each hectare once)</source>
        <translation>Pérdida de bosque en el área concesionada (cada hectárea una vez)</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <location filename="../panels/details.py" line="94"/>
        <source>Click a feature on the map or a row of the table.</source>
        <translation>Haga clic en un elemento del mapa o en una fila de la tabla.</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="125"/>
        <source>Registrations on this claim: %1</source>
        <translation>Registros en esta concesión: %1</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="139"/>
        <source>Forest loss by year: %1 ha</source>
        <translation>Pérdida de bosque por año: %1 ha</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="139"/>
        <source>Forest loss by year: no raster data for this claim</source>
        <translation>Pérdida de bosque por año: no hay datos ráster para esta concesión</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="149"/>
        <source>Field</source>
        <translation>Campo</translation>
    </message>
    <message>
        <location filename="../panels/details.py" line="149"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <location filename="../dialogs/export_dialog.py" line="63"/>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="66"/>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="67"/>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="68"/>
        <source>Atlas</source>
        <translation>Atlas</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="72"/>
        <source>Print maps arrive with the core&apos;s maps module.</source>
        <translation>Los mapas de impresión llegan con el módulo de mapas del núcleo.</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="89"/>
        <source>Folder</source>
        <translation>Carpeta</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="91"/>
        <source>Conflict map (PDF and PNG)</source>
        <translation>Mapa de conflictos (PDF y PNG)</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="96"/>
        <source>results.gpkg (opens styled in QGIS) and summary.json are always written.</source>
        <translation>Siempre se escriben results.gpkg (se abre con estilos en QGIS) y summary.json.</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="99"/>
        <source>Export results</source>
        <translation>Exportar resultados</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="109"/>
        <source>Regional conflict map</source>
        <translation>Mapa regional de conflictos</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="110"/>
        <source>Case page of the claim</source>
        <translation>Ficha de caso de la concesión</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="118"/>
        <source>Only the area shown on the map</source>
        <translation>Solo el área que muestra el mapa</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="123"/>
        <source>File (.pdf, .png, .svg)</source>
        <translation>Archivo (.pdf, .png, .svg)</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="126"/>
        <source>Preview</source>
        <translation>Vista previa</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="126"/>
        <source>Export map</source>
        <translation>Exportar mapa</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="148"/>
        <source>File (.pdf)</source>
        <translation>Archivo (.pdf)</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="149"/>
        <source>Claims where</source>
        <translation>Concesiones donde</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="150"/>
        <source>Export atlas</source>
        <translation>Exportar atlas</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="186"/>
        <source>Export to folder</source>
        <translation>Exportar a la carpeta</translation>
    </message>
    <message>
        <location filename="../dialogs/export_dialog.py" line="191"/>
        <source>Save as</source>
        <translation>Guardar como</translation>
    </message>
</context>
<context>
    <name>InputsPanel</name>
    <message>
        <location filename="../panels/inputs_panel.py" line="74"/>
        <source>CRS assumed for files without one: %1</source>
        <translation>SRC supuesto para archivos sin él: %1</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="75"/>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="77"/>
        <source>Column map: %1</source>
        <translation>Columnas asignadas: %1</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="79"/>
        <source>Rules changed from the defaults</source>
        <translation>Reglas cambiadas respecto de las predeterminadas</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="98"/>
        <source>Add files…</source>
        <translation>Añadir archivos…</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="99"/>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="100"/>
        <source>Rules…</source>
        <translation>Reglas…</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="101"/>
        <source>Run analysis</source>
        <translation>Ejecutar el análisis</translation>
    </message>
    <message>
        <location filename="../panels/inputs_panel.py" line="102"/>
        <source>Double-click a file to choose which of its columns hold each field.</source>
        <translation>Haga doble clic en un archivo para elegir qué columna contiene cada campo.</translation>
    </message>
</context>
<context>
    <name>LayerPanel</name>
    <message>
        <location filename="../panels/layer_panel.py" line="173"/>
        <source>Style by</source>
        <translation>Simbolizar por</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="174"/>
        <source>Opacity</source>
        <translation>Opacidad</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="175"/>
        <source>Move the layer up</source>
        <translation>Subir la capa</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="176"/>
        <source>Move the layer down</source>
        <translation>Bajar la capa</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="177"/>
        <source>Zoom to layer</source>
        <translation>Ver la capa</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="189"/>
        <source>Disturbed (no date)</source>
        <translation>Alterado (sin fecha)</translation>
    </message>
    <message>
        <location filename="../panels/layer_panel.py" line="203"/>
        <source>No value</source>
        <translation>Sin valor</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../main_window.py" line="193"/>
        <source>Open inputs, results or a project</source>
        <translation>Abrir entradas, resultados o un proyecto</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="200"/>
        <source>Open project</source>
        <translation>Abrir proyecto</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="207"/>
        <source>Save project</source>
        <translation>Guardar proyecto</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="284"/>
        <source>Drawing the map…</source>
        <translation>Dibujando el mapa…</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="293"/>
        <source>Export table</source>
        <translation>Exportar tabla</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="299"/>
        <source>Save map image</source>
        <translation>Guardar imagen del mapa</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="304"/>
        <source>concession-gis %1: who works on whose mining claim, idle and extinct claims, coexistence candidates and forest loss.</source>
        <translation>concession-gis %1: quién trabaja en la concesión de quién, concesiones ociosas y extinguidas, candidatos a convivencia y pérdida de bosque.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="393"/>
        <source>Layers</source>
        <translation>Capas</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="393"/>
        <source>Inputs</source>
        <translation>Entradas</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="394"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="394"/>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="395"/>
        <source>Attribute table</source>
        <translation>Tabla de atributos</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="395"/>
        <source>Messages</source>
        <translation>Mensajes</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="398"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="400"/>
        <source>Results and tables; print maps arrive with the core&apos;s maps module.</source>
        <translation>Resultados y tablas; los mapas de impresión llegan con el módulo de mapas del núcleo.</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="404"/>
        <source>untitled</source>
        <translation>sin título</translation>
    </message>
</context>
<context>
    <name>MessagePanel</name>
    <message>
        <location filename="../panels/messages.py" line="61"/>
        <source>Clear</source>
        <translation>Limpiar</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <location filename="../names.py" line="36"/>
        <source>Concessions</source>
        <translation>Concesiones</translation>
    </message>
    <message>
        <location filename="../names.py" line="16"/>
        <source>Registrations (REINFO)</source>
        <translation>Registros (REINFO)</translation>
    </message>
    <message>
        <location filename="../names.py" line="17"/>
        <source>Overlaps between concessions</source>
        <translation>Superposiciones entre concesiones</translation>
    </message>
    <message>
        <location filename="../names.py" line="18"/>
        <source>Coexistence candidates</source>
        <translation>Candidatos a convivencia</translation>
    </message>
    <message>
        <location filename="../names.py" line="38"/>
        <source>Restricted areas</source>
        <translation>Áreas restringidas</translation>
    </message>
    <message>
        <location filename="../names.py" line="20"/>
        <source>Forest loss by year</source>
        <translation>Pérdida de bosque por año</translation>
    </message>
    <message>
        <location filename="../names.py" line="21"/>
        <source>District summary</source>
        <translation>Resumen por distrito</translation>
    </message>
    <message>
        <location filename="../names.py" line="22"/>
        <source>Rejected rows</source>
        <translation>Filas rechazadas</translation>
    </message>
    <message>
        <location filename="../names.py" line="37"/>
        <source>Registrations</source>
        <translation>Registros</translation>
    </message>
    <message>
        <location filename="../names.py" line="39"/>
        <source>Forest loss raster</source>
        <translation>Ráster de pérdida de bosque</translation>
    </message>
    <message>
        <location filename="../names.py" line="40"/>
        <source>Declared production</source>
        <translation>Producción declarada</translation>
    </message>
    <message>
        <location filename="../names.py" line="41"/>
        <source>Holder strata</source>
        <translation>Estratos de titulares</translation>
    </message>
    <message>
        <location filename="../names.py" line="47"/>
        <source>Single colour</source>
        <translation>Un solo color</translation>
    </message>
    <message>
        <location filename="../names.py" line="48"/>
        <source>Legal state</source>
        <translation>Situación legal</translation>
    </message>
    <message>
        <location filename="../names.py" line="49"/>
        <source>Holder stratum</source>
        <translation>Estrato del titular</translation>
    </message>
    <message>
        <location filename="../names.py" line="50"/>
        <source>Idle claim</source>
        <translation>Concesión ociosa</translation>
    </message>
    <message>
        <location filename="../names.py" line="51"/>
        <source>Latest forest-loss year</source>
        <translation>Último año con pérdida de bosque</translation>
    </message>
    <message>
        <location filename="../names.py" line="52"/>
        <source>Conflict type</source>
        <translation>Tipo de conflicto</translation>
    </message>
    <message>
        <location filename="../names.py" line="53"/>
        <source>Relation to the claim</source>
        <translation>Relación con la concesión</translation>
    </message>
    <message>
        <location filename="../names.py" line="54"/>
        <source>Registration status</source>
        <translation>Estado del registro</translation>
    </message>
</context>
<context>
    <name>Recovery</name>
    <message>
        <location filename="../recovery.py" line="22"/>
        <source>The previous session was recovered.</source>
        <translation>Se recuperó la sesión anterior.</translation>
    </message>
    <message>
        <location filename="../recovery.py" line="31"/>
        <source>Recover the previous session?</source>
        <translation>¿Recuperar la sesión anterior?</translation>
    </message>
    <message>
        <location filename="../recovery.py" line="31"/>
        <source>concession-gis did not close normally last time. Reopen the session it saved automatically (inputs, rules, results and view)?</source>
        <translation>concession-gis no se cerró normalmente la última vez. ¿Reabrir la sesión que guardó automáticamente (entradas, reglas, resultados y vista)?</translation>
    </message>
</context>
<context>
    <name>RulesDialog</name>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="182"/>
        <source>Rules</source>
        <translation>Reglas</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="74"/>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="74"/>
        <source>Value</source>
        <translation>Valor</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="74"/>
        <source>Default</source>
        <translation>Predeterminado</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="81"/>
        <source>Load TOML…</source>
        <translation>Cargar TOML…</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="82"/>
        <source>Save as TOML…</source>
        <translation>Guardar como TOML…</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="83"/>
        <source>Defaults</source>
        <translation>Predeterminadas</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="84"/>
        <source>Every threshold and code table of the analysis. Double-click a value to change it; changed rules are shown in bold and echoed into summary.json.</source>
        <translation>Todos los umbrales y tablas de códigos del análisis. Haga doble clic en un valor para cambiarlo; las reglas cambiadas se muestran en negrita y se registran en summary.json.</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="175"/>
        <source>Load rules</source>
        <translation>Cargar reglas</translation>
    </message>
    <message>
        <location filename="../dialogs/rules_dialog.py" line="195"/>
        <source>Save rules</source>
        <translation>Guardar reglas</translation>
    </message>
</context>
</TS>
