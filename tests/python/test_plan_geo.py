"""Tests of project8.legal, project8.geo and project8.plan through the bindings."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import pickle

import project8
import pytest
from project8 import geo, legal, plan


@pytest.fixture(scope="module")
def tam_duong() -> plan.Plan:
    return plan.bundled_plan()


@pytest.fixture(scope="module")
def registry() -> geo.Registry:
    return geo.bundled_registry()


class TestPlan:
    def test_loads_the_bundled_plan(self, tam_duong: plan.Plan) -> None:
        assert [(t.id, t.planned) for t in tam_duong.targets] == [("T1", 2), ("T2", 3), ("T3", 11)]
        assert [c.number for c in tam_duong.content_areas] == [1, 2, 3, 4]
        assert len(tam_duong.responsibilities) == 9
        assert tam_duong.agency(tam_duong.issuer).name.vi == "UBND huyện Tam Đường"
        assert tam_duong.period.first == dt.date(2025, 1, 1)
        assert repr(tam_duong).startswith("Plan('tam-duong-2025-du-an-8', 3 targets")
        assert str(tam_duong.target("T3").title).startswith("Tổ chức 11 cuộc đối thoại")

    def test_queries(self, tam_duong: plan.Plan) -> None:
        assert [a.id for a in tam_duong.activities_toward("T1")] == ["A2.1"]
        assert [a.id for a in tam_duong.activities_in_month(6)] == ["A2.3", "A3.2"]
        leads = tam_duong.activities_of_agency("district_health_centre", plan.Role.lead)
        assert {a.id for a in leads} == {"V.8", "V.9"}
        assert [t.id for t in tam_duong.targets_of_content_area(3)] == ["T2", "T3"]
        assert tam_duong.activity("A1.6").kind is plan.ActivityKind.policy_package
        assert tam_duong.target("T1").aggregation is plan.Aggregation.count_distinct
        with pytest.raises(project8.NotFoundError):
            tam_duong.target("T9")

    def test_json_has_what_tools_read_and_round_trips(self, tam_duong: plan.Plan) -> None:
        doc = json.loads(tam_duong.to_json())
        assert {"targets", "content_areas", "activities", "agencies"} <= doc.keys()
        assert {(t["id"], t["planned"], t["unit"]["vi"]) for t in doc["targets"]} == {
            ("T1", 2, "tổ/nhóm"),
            ("T2", 3, "cuộc"),
            ("T3", 11, "cuộc"),
        }
        assert plan.Plan.from_json(tam_duong.to_json()) == tam_duong

    def test_pickles(self, tam_duong: plan.Plan) -> None:
        assert pickle.loads(pickle.dumps(tam_duong)) == tam_duong

    def test_broken_plan_reports_every_problem(self) -> None:
        text = (
            "schema: project8/plan/1\nid: x\ntitle: {vi: a}\nissuer: u\nscope: '1'\nyear: 2025\n"
            "period: {from: 2025-01-01, to: 2025-12-31}\ncolour: red\n"
            "targets:\n  - {id: T1, title: {vi: a}, unit: {vi: b}, planned: -1, aggregation: sum}\n"
        )
        with pytest.raises(project8.ValidationError) as info:
            plan.Plan.parse(text, "p.yaml")
        err = info.value
        assert isinstance(err, ValueError)
        fields = {p["field"] for p in err.problems}
        assert {"colour", "targets[0].planned", "issuer"} <= fields
        assert err.file == "p.yaml" and err.line is not None and err.column is not None


class TestGeo:
    def test_lineage(self, registry: geo.Registry) -> None:
        assert registry.map_to_date("03390", dt.date(2025, 6, 30), "2025-07-01") == ["03390"]
        assert sorted(u.code for u in registry.predecessors("03430", "2025-07-01")) == ["03421", "03430"]
        assert [u.name for u in registry.successors("03390", "2025-06-30")] == ["Xã Bình Lư"]
        assert not registry.has_external_predecessors("03394", "2025-07-01")  # the whole province is in the data
        assert registry.is_within("03394", "106", "2025-06-30")
        assert not registry.is_within("03394", "106", "2025-07-01")
        assert len(registry.children("106", "2025-06-30")) == 13
        # Records of 03390 in May (the township) and September (Xã Bình Lư) roll up to Xã Bình Lư.
        assert registry.map_to_date("03390", "2025-05-15", "2025-12-31") == ["03390"]
        assert sorted(registry.map_to_date("03390", "2025-09-15", "2025-06-30")) == ["03390", "03412", "03413"]

    def test_a_code_is_a_unit_at_a_date(self, registry: geo.Registry) -> None:
        assert registry.unit("03390", "2025-06-30").name == "Thị trấn Tam Đường"
        assert registry.unit("03390", "2025-07-01").name == "Xã Bình Lư"
        binh_lu = registry.unit("03390", dt.date(2025, 7, 1))
        assert (binh_lu.code, binh_lu.kind, binh_lu.valid_from, binh_lu.valid_to, binh_lu.parent) == (
            "03390",
            geo.UnitKind.commune,
            dt.date(2025, 7, 1),
            None,
            "12",
        )
        assert registry.unit("03412").name == "Xã Bình Lư"  # one unit: no date needed
        with pytest.raises(project8.InvalidArgument, match=r"Thị trấn Tam Đường .*Xã Bình Lư"):
            registry.unit("03390")
        commune_level = {geo.UnitKind.commune, geo.UnitKind.ward, geo.UnitKind.township}
        assert sum(u.kind in commune_level for u in registry.units(on="2025-06-30")) == 106
        assert sum(u.kind in commune_level for u in registry.units(on="2025-07-01")) == 38
        assert [u.name for u in registry.units_with_code("03408")] == ["Phường Đông Phong", "Phường Tân Phong"]
        assert len(registry.units()) == 1 + 8 + 106 + 38

    def test_names(self, registry: geo.Registry) -> None:
        found = registry.find_by_name("tam duong", geo.NameMatch.lenient)
        assert sorted(u.code for u in found) == ["03390", "106"]
        assert [u.code for u in registry.find_by_name("Bản Bo", on="2025-08-01")] == ["03424"]
        exact = registry.find_by_name("THỊ TRẤN TAM ĐƯỜNG")
        assert [u.code for u in exact] == ["03390"]
        assert repr(exact[0]) == "Unit('03390', 'Thị trấn Tam Đường')"

    def test_unknown_values_stay_empty(self, registry: geo.Registry) -> None:
        zone = registry.zone("03424", "2025-03-01")
        assert zone is not None and zone.region is None
        assert zone.confidence is legal.Confidence.unknown
        assert zone.instrument is not None and str(zone.instrument) == "861/QĐ-TTg"
        assert [str(c) for c in zone.amended_by] == ["698/QĐ-TTg"]
        assert registry.zone("03424", "2026-03-01").especially_difficult is True
        assert registry.unit("03424", "2026-03-01").code_status is geo.CodeStatus.official
        # Xã Bình Lư in 2025: the classes of the three communes it was formed from.
        assert len(registry.zones_in_force("03390", "2025-09-01")) == 3

    def test_errors(self, registry: geo.Registry) -> None:
        with pytest.raises(project8.NotFoundError):
            registry.unit("03412", "2025-07-01")
        with pytest.raises(LookupError):
            registry.unit("nope")

    def test_ethnic_groups(self) -> None:
        groups = geo.bundled_ethnic_groups()
        assert len(groups) == 54
        assert groups.get(1).ethnic_minority is False
        assert sum(g.ethnic_minority for g in groups.groups) == 53
        assert groups.find_by_name("Hmông").code == 8
        assert groups.source.instrument == "1019/QĐ-TCTK"
        # Kháng (36) and La Chí (37) are swapped in a secondary list: disputed, with a note.
        assert groups.get(36).status is legal.ValueStatus.disputed
        assert "La Chí" in groups.get(36).note
        assert groups.get(8).status is legal.ValueStatus.verified


class TestParameters:
    def test_dated_values_with_citations(self) -> None:
        p = legal.Parameter("anc_travel_per_visit", "VND")
        src = legal.Citation("55/2023/TT-BTC")
        p.add("2023-08-15", None, 100_000, src, legal.ValueStatus.verified)
        assert p.at(dt.date(2025, 7, 1)).value == 100_000
        assert str(p.at("2025-07-01").source) == "55/2023/TT-BTC"
        with pytest.raises(project8.NotFoundError, match=r"anc_travel_per_visit.*2023-01-01"):
            p.at("2023-01-01")
        with pytest.raises(project8.ValidationError):
            p.add("2024-01-01", None, 1, src)


def test_the_bundled_province_file_is_what_its_sources_give() -> None:
    """data/geo/lai-chau.yaml is generated from data/geo/sources/ by a script kept in the repo."""
    import subprocess
    import sys

    root = pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
    run = subprocess.run(
        [sys.executable, str(root / "tools" / "make_lai_chau_geo.py"), "--check"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr


def test_a_plan_names_its_programme_and_phase() -> None:
    programmes = legal.bundled_programmes()
    p = plan.bundled_plan()
    assert p.programme is not None and (p.programme.id, p.programme.phase) == ("ntp-1719", 1)
    p.check_programme(programmes)  # in phase I, 2021–2025
    phase = programmes.phase("ntp-1719", 1)
    assert [j.number for j in phase.projects] == [8]
    assert programmes.get("ntp-1719").merged_into == "ntp-2026-2035"
    assert [q.id for q in programmes.in_force("2026-03-01")] == ["ntp-2026-2035"]
    assert programmes.phase("ntp-2026-2035", 1).projects == []  # Project 8's place: not found
    root = pathlib.Path(os.environ.get("PROJECT8_SOURCE_DIR", pathlib.Path(__file__).parents[2]))
    text = (root / "tests" / "data" / "plan-2026-illustrative.yaml").read_text(encoding="utf-8")
    illustrative = plan.Plan.parse(text)
    illustrative.check_programme(programmes)
    wrong = plan.Plan.parse(text.replace("{id: ntp-2026-2035, phase: 1}", "{id: ntp-1719, phase: 1}"))
    with pytest.raises(project8.ValidationError, match="lies outside phase 1 of 'ntp-1719'"):
        wrong.check_programme(programmes)
