"""Draw docs/images/bolivia_lapaz.png: the Bolivian sample's La Paz valley from its results.gpkg.

    concession-gis sample --country bo --out /tmp/bo
    concession-gis analyze --country bo --ajam /tmp/bo/AJAM_areas_mineras_WGS84_19S.shp ... --out /tmp/bo/out
    python docs/bolivia_map.py /tmp/bo/out/results.gpkg

Areas by actor type, reversion candidates outlined in red with their rank, work sites by conflict
type, the national park and the indigenous territory; Spanish labels, as the walkthrough shows it.
"""

from __future__ import annotations

import sys

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ACTORS = {"cooperative": ("#f2c14e", "Cooperativa"), "state": ("#5b8fd9", "Estatal (COMIBOL)"),
          "private": ("#b48ead", "Privado")}
SITES = {"own_area": ("#2e7d32", "Sitio en área propia"), "reversion_candidate": ("#c62828", "Sitio en área candidata a reversión"),
         "restricted_area": ("#000000", "Sitio en parque nacional (prohibido)"),
         "state_area": ("#1565c0", "Cooperativa en área de COMIBOL"), "third_party": ("#6a1b9a", "Área de un tercero"),
         "no_area": ("#9e9e9e", "Sin área")}


def main(gpkg: str, out: str = "docs/images/bolivia_lapaz.png") -> None:
    areas = gpd.read_file(gpkg, layer="areas").to_crs(32719)
    areas = areas.loc[areas["department"] == "LA PAZ"]
    sites = gpd.read_file(gpkg, layer="work_sites").to_crs(32719)
    zones = gpd.read_file(gpkg, layer="restricted_areas").to_crs(32719)
    west, south, east, north = areas.total_bounds
    fig, ax = plt.subplots(figsize=(8, 7), dpi=110)
    zones.plot(ax=ax, color="#c8e6c9", edgecolor="#2e7d32", hatch="..", linewidth=0.8)
    for _, zone in zones.iterrows():
        point = zone.geometry.representative_point()
        if west - 13_000 < point.x < east + 2_000 and south - 2_000 < point.y < north + 9_000:
            ax.annotate(zone["restricted_name"].replace(" y Área", "\ny Área"), (point.x, point.y), fontsize=7, ha="center", color="#1b5e20")
    for actor, (colour, _) in ACTORS.items():
        part = areas.loc[areas["actor_type"] == actor]
        if len(part):
            part.plot(ax=ax, color=colour, edgecolor="#555555", linewidth=0.4)
    candidates = areas.loc[areas["reversion_candidate"].astype(bool)]
    candidates.boundary.plot(ax=ax, color="#c62828", linewidth=1.8)
    for _, area in candidates.iterrows():
        point = area.geometry.representative_point()
        ax.annotate(str(int(area["reversion_rank"])), (point.x, point.y), fontsize=8, ha="center", va="center",
                    color="#c62828", fontweight="bold")
    for conflict, (colour, _) in SITES.items():
        part = sites.loc[sites["conflict_type"] == conflict]
        if len(part):
            part.plot(ax=ax, color=colour, markersize=18, marker="o", edgecolor="white", linewidth=0.5)
    ax.set_xlim(west - 13_000, east + 2_000)
    ax.set_ylim(south - 2_000, north + 9_000)
    ax.set_axis_off()
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c, _ in ACTORS.values()]
    handles += [plt.Rectangle((0, 0), 1, 1, fill=False, edgecolor="#c62828", linewidth=1.8)]
    handles += [plt.Line2D([], [], marker="o", linestyle="", color=c) for c, _ in SITES.values()]
    labels = [w for _, w in ACTORS.values()] + ["Candidata a reversión (orden)"] + [w for _, w in SITES.values()]
    ax.legend(handles, labels, loc="lower left", bbox_to_anchor=(1.0, 0.0), fontsize=7, frameon=True)
    ax.set_title("Valle aurífero de La Paz (muestra sintética): áreas AJAM, sitios y reversión", fontsize=10)
    fig.text(0.99, 0.01, "DATOS SINTÉTICOS · WGS 84 / UTM 19S · concession-gis", fontsize=6, ha="right")
    fig.savefig(out, bbox_inches="tight")


if __name__ == "__main__":
    main(*sys.argv[1:])
